// Does an identifier name a secret? Split into words (snake, kebab, dots, camelCase), find a
// secret word, then let the words around it veto: `password_min_length`, `token_url`,
// `secretName`, `max_tokens`, `existingSecret` name *about* a secret, not the secret itself.

const SECRET_WORDS: ReadonlySet<string> = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
  'privatekey',
  // Plural and glued forms hold secrets too (`INIT_CLIENT_API_TOKENS`, `ADMIN_PASSWORDS`).
  'passwords',
  'passphrases',
  'secrets',
  'tokens',
  'apikeys',
]);

/** Second word that turns a preceding word into a secret: api key, access key, private key … */
const KEY_PREFIXES: ReadonlySet<string> = new Set(['api', 'access', 'private', 'secret', 'signing', 'encryption', 'master', 'client', 'app', 'license', 'session', 'auth']);

/** A trailing word that makes the name describe the secret rather than hold it. */
const DESCRIPTIVE_SUFFIXES: ReadonlySet<string> = new Set(
  (
    'name names url urls uri uris endpoint endpoints path paths file files filename basename dirname dir directory type types ttl ' +
    'length len size min max count env var vars variable header headers field fields label labels prefix suffix ' +
    'ref refs selector policy policies mount version format regex pattern hint placeholder prompt message msg ' +
    'error errors description desc help enabled disabled required optional expiry expires expiration expire ' +
    'lifetime timeout source provider store stores method mode location hash hashed algorithm algo alg kind ' +
    'schema validator validation rotation interval period at time date age strength rules manager service ' +
    'generator resolver loader reader helper handler callback fn func property prop param params arg args ' +
    'option options config settings list map keys index idx cache class struct mask masked visible visibility ' +
    'input form box button text title confirm confirmation id ids link links template templates sample example dialog modal ' +
    'page view screen route router component widget icon accessor accessors yaml yml json ts js py go hcl md txt toml'
  ).split(' '),
);

/** A leading word that makes the whole name a flag or a pointer (`is_secret`, `existingSecret`). */
const VETO_PREFIXES: ReadonlySet<string> = new Set(
  'is has no use show hide forgot reset require requires allow enable should with without existing external num max min'.split(' '),
);

/** Secret words glued to a prefix without a separator: PGPASSWORD, MYSQLPASSWD, GHTOKEN. */
const GLUED = /^[a-z0-9]{2,}(password|passwd|passphrase|secret|token|apikey)s?$/;

export function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const cache = new Map<string, boolean>();

export function isSecretName(name: string): boolean {
  let hit = cache.get(name);
  if (hit === undefined) {
    hit = classify(splitWords(name));
    if (cache.size > 50_000) cache.clear();
    cache.set(name, hit);
  }
  return hit;
}

function classify(words: string[]): boolean {
  if (words.length === 0) return false;
  if (VETO_PREFIXES.has(words[0]!) && words.length > 1) return false;
  let last = -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (SECRET_WORDS.has(w) || GLUED.test(w)) last = i;
    else if ((w === 'key' || w === 'keys') && i > 0 && KEY_PREFIXES.has(words[i - 1]!)) last = i;
  }
  if (last === -1) return false;
  // `existingSecret`, `secretRefs.existingSecret`, `use_token`: a pointer or a flag, wherever it sits.
  if (last > 0 && VETO_PREFIXES.has(words[last - 1]!)) return false;
  const after = words.slice(last + 1);
  if (after.length === 0) return true;
  const tail = after[after.length - 1]!;
  // `secret_id` is the AppRole secret; `access_key_id` is the public half of a key pair.
  if (tail === 'id') return words[last] !== 'key';
  if (DESCRIPTIVE_SUFFIXES.has(tail)) return false;
  // `passwordKey: admin-password`, `tokenKey`: the name of the key that holds the secret.
  if ((tail === 'key' || tail === 'keys') && after.length === 1 && !KEY_PREFIXES.has(words[last]!)) return false;
  return true;
}
