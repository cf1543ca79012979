/**
 * The committed classifier (bot/model.json, written by `npm run bot -- train`), decoded once on
 * first use so importing the engine stays cheap.
 */
import modelFile from './model.json' with { type: 'json' };
import { loadModel, type Model, type ModelFile } from './model.ts';

let loaded: Model | undefined;

/** The committed model, decoded on first call. */
export function defaultModel(): Model {
  loaded ??= loadModel(modelFile as unknown as ModelFile);
  return loaded;
}
