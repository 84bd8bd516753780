// openai-fine-tuning/azure: fine-tuning on Azure OpenAI with the same client, resources and helpers,
// plus the Azure-only operations (job deletion, checkpoint copy, deployments through ARM).
export { AzureFineTuning, type AzureClientOptions, type AzureSettings } from './client.ts';
export type { TokenProvider } from './fetch.ts';
export {
  AzureJobs,
  type CheckpointCopy,
  type CopiedAccount,
  type CopyCheckpointParams,
  type DeletedJob,
  type WaitForCopyOptions,
} from './jobs.ts';
export {
  Deployments,
  type CreateDeploymentParams,
  type Deployment,
  type ManagementOptions,
  type WaitForDeploymentOptions,
} from './deployments.ts';
export {
  AzureManagementError,
  AzureWaitTimeoutError,
  CheckpointCopyFailedError,
  DeploymentFailedError,
  isAzureManagementError,
  isAzureWaitTimeoutError,
  isCheckpointCopyFailedError,
  isDeploymentFailedError,
} from './errors.ts';
