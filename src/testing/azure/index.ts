// The local server's Azure mode (`startLocalServer({ azure: true })`): see ./dialect.ts and ./routes.ts.
export {
  azureError,
  azureHandler,
  azurePath,
  LOCAL_API_VERSION,
  LOCAL_ENTRA_TOKEN,
} from './dialect.ts';
export {
  azureDataRoute,
  isManagementPath,
  LOCAL_MANAGEMENT_TOKEN,
  LOCAL_READER_TOKEN,
  managementRoute,
} from './routes.ts';
