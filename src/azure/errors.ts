// The errors only the Azure entry throws: a management-plane (ARM) call refused for want of a
// credential or a role, and a deployment or checkpoint copy that ended badly.
import { FineTuningError, guardFor } from '../errors/base.ts';

/**
 * Azure Resource Manager refused a deployment call: `reason` says whether the token was missing or
 * not accepted (`credential`) or the identity lacks a role on the account (`role`). `status` and
 * `code` are ARM's.
 */
export class AzureManagementError extends FineTuningError {
  static override readonly kind: string = 'AzureManagementError';
  constructor(
    message: string,
    readonly reason: 'credential' | 'role',
    readonly status: number,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A deployment ended in `Failed` or `Canceled` while `deployments.wait` waited for it. */
export class DeploymentFailedError extends FineTuningError {
  static override readonly kind: string = 'DeploymentFailedError';
  constructor(
    message: string,
    readonly deployment: unknown,
  ) {
    super(message);
  }
}

/** A checkpoint copy ended in `Failed` while `jobs.followCopy` followed it. */
export class CheckpointCopyFailedError extends FineTuningError {
  static override readonly kind: string = 'CheckpointCopyFailedError';
  constructor(
    message: string,
    readonly copy: unknown,
  ) {
    super(message);
  }
}

/** `deployments.wait` or `jobs.waitForCopy` gave up after its `timeoutMs`; `last` is what it saw last. */
export class AzureWaitTimeoutError extends FineTuningError {
  static override readonly kind: string = 'AzureWaitTimeoutError';
  constructor(
    message: string,
    readonly last: unknown,
  ) {
    super(message);
  }
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/** Whether `value` is an AzureManagementError (from any copy of the package); `instanceof` works as well. */
export const isAzureManagementError =
  /* @__PURE__ */ guardFor<AzureManagementError>('AzureManagementError');
/** Whether `value` is a DeploymentFailedError (from any copy of the package); `instanceof` works as well. */
export const isDeploymentFailedError =
  /* @__PURE__ */ guardFor<DeploymentFailedError>('DeploymentFailedError');
/** Whether `value` is a CheckpointCopyFailedError (from any copy of the package); `instanceof` works as well. */
export const isCheckpointCopyFailedError = /* @__PURE__ */ guardFor<CheckpointCopyFailedError>(
  'CheckpointCopyFailedError',
);
/** Whether `value` is an AzureWaitTimeoutError (from any copy of the package); `instanceof` works as well. */
export const isAzureWaitTimeoutError =
  /* @__PURE__ */ guardFor<AzureWaitTimeoutError>('AzureWaitTimeoutError');
