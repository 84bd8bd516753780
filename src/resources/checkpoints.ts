import type { RequestClient } from '../transport/transport.ts';
import {
  createFineTuningCheckpointPermission,
  deleteFineTuningCheckpointPermission,
  listFineTuningCheckpointPermissions,
} from '../../generated/sdk.gen.ts';
import type {
  CreateFineTuningCheckpointPermissionRequest,
  DeleteFineTuningCheckpointPermissionResponse,
  ListFineTuningCheckpointPermissionResponse,
  ListFineTuningCheckpointPermissionsData,
} from '../../generated/types.gen.ts';
import type { ApiPromise } from '../calls/api-promise.ts';
import { call, type RequestOptions } from '../calls/call.ts';
import { listPages } from '../pagination/list.ts';
import type { PagePromise } from '../pagination/page-promise.ts';

/** Query of `checkpoints.permissions.list`: `project_id`, `after`, `limit` and `order`. */
export type ListPermissionsParams = NonNullable<ListFineTuningCheckpointPermissionsData['query']>;

/**
 * Who may use a fine-tuned checkpoint. Every call here uses the admin API key (`adminApiKey`,
 * `OPENAI_ADMIN_KEY`).
 * @example
 * await ft.checkpoints.permissions.create('ft:gpt-4o-mini:org::ckpt', { project_ids: ['proj_abc'] });
 * const page = await ft.checkpoints.permissions.list('ft:gpt-4o-mini:org::ckpt', { order: 'ascending' });
 */
export class Permissions {
  readonly #client: RequestClient;
  constructor(client: RequestClient) {
    this.#client = client;
  }

  /** Shares a checkpoint with projects. */
  create(
    checkpoint: string,
    body: CreateFineTuningCheckpointPermissionRequest,
    options?: RequestOptions,
  ): ApiPromise<ListFineTuningCheckpointPermissionResponse> {
    return call(
      this.#client,
      createFineTuningCheckpointPermission,
      { path: { fine_tuned_model_checkpoint: checkpoint }, body },
      options,
    );
  }

  /**
   * Lists a checkpoint's permissions. Await it for one page, or `for await` over it for every
   * permission (`order` and `project_id` are kept from page to page).
   */
  list(
    checkpoint: string,
    params?: ListPermissionsParams,
    options?: RequestOptions,
  ): PagePromise<ListFineTuningCheckpointPermissionResponse> {
    return listPages('checkpoints.permissions.list', params, options, (query) =>
      call(
        this.#client,
        listFineTuningCheckpointPermissions,
        { path: { fine_tuned_model_checkpoint: checkpoint }, query },
        options,
      ),
    );
  }

  /** Removes one permission. */
  delete(
    checkpoint: string,
    permissionId: string,
    options?: RequestOptions,
  ): ApiPromise<DeleteFineTuningCheckpointPermissionResponse> {
    return call(
      this.#client,
      deleteFineTuningCheckpointPermission,
      { path: { fine_tuned_model_checkpoint: checkpoint, permission_id: permissionId } },
      options,
    );
  }
}

/** Fine-tuned checkpoints. */
export class Checkpoints {
  readonly permissions: Permissions;
  constructor(client: RequestClient) {
    this.permissions = new Permissions(client);
  }
}
