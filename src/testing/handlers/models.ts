// The /models operations: base models, the models jobs made, and deleting fine-tuned ones.
import { HttpError } from '../errors.ts';
import { ModelStore } from '../models.ts';
import type { Handler, HandlerContext } from './types.ts';

/** The API answers an unknown or deleted model with 404 `model_not_found`. */
function modelNotFound(id: string): HttpError {
  return new HttpError(404, `The model '${id}' does not exist`, {
    param: 'model',
    code: 'model_not_found',
  });
}

function models(ctx: HandlerContext): ModelStore {
  // Jobs that finished since the last request add their models first.
  ctx.state.catchUp();
  return ctx.state.models;
}

export const listModels: Handler = (ctx) => ({
  json: { object: 'list', data: models(ctx).list() },
});

export const retrieveModel: Handler = (ctx) => {
  const id = ctx.path.model!;
  const model = models(ctx).get(id);
  if (!model) throw modelNotFound(id);
  return { json: model };
};

export const deleteModel: Handler = (ctx) => {
  const id = ctx.path.model!;
  const store = models(ctx);
  if (ModelStore.isBase(id)) {
    // Only the organization's fine-tuned models can be deleted.
    throw new HttpError(
      403,
      `You are not allowed to delete the model '${id}': only fine-tuned models your organization owns can be deleted.`,
      {
        param: 'model',
        code: 'model_not_deletable',
      },
    );
  }
  if (!store.get(id)) throw modelNotFound(id);
  store.delete(id, ctx.state.clock.now());
  return { json: { id, object: 'model', deleted: true } };
};
