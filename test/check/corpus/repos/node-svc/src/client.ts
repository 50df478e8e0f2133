interface Creds {
  password: string; ⟦FP hardcoded-secret⟧
  token?: string; ⟦FP hardcoded-secret⟧
}
const API_KEY = process.env.API_KEY ?? ''; ⟦FP hardcoded-secret⟧
export const headers = { 'x-api-key': '%%GEN:ALNUM32%%' }; ⟦TP hardcoded-secret⟧
const slack = '%%GEN:SLACK_BOT%%'; ⟦TP hardcoded-secret fmt⟧
export const config = { clientSecret: "%%GEN:HEX40%%" }; ⟦TP hardcoded-secret⟧
export const passwordEnv = 'DB_PASSWORD'; ⟦FP hardcoded-secret⟧
export function login(c: Creds) { return fetch('/login', { body: JSON.stringify({ password: c.password }) }); } ⟦FP hardcoded-secret⟧
