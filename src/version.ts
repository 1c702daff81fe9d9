import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pkg = require("../package.json") as { version: string; bugs?: { url?: string } };

/** heritage's version, from package.json (recorded in every run of the state). */
export const VERSION: string = pkg.version;
export const BUGS_URL: string | undefined = pkg.bugs?.url;
