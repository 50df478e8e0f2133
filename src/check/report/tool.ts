// Name, version and home of the tool as reports state them.
export { VERSION as TOOL_VERSION } from '../../version.js';
export const TOOL_NAME = 'create-mosaic-secrets';
export const TOOL_URI = 'https://www.npmjs.com/package/create-mosaic-secrets';
