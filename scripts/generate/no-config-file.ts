// An empty configuration file for @hey-api/openapi-ts (see scripts/generate.ts): `createClient(job)`
// otherwise loads openapi-ts.config.ts from the working directory and merges *every* job there
// with the one it was given, running each merge, all writing the given job's output folder at once.
export default {};
