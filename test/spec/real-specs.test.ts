// The report between two real upstream specs: 2025-04-29 (test/fixtures/upstream) → 2026-08-21 (the pin).
// Every fine-tuning, files, uploads and models line below was checked by hand against a structural
// diff of the two trimmed specs; the hyperparameter schemas that moved into named ones
// (FineTune*Hyperparameters) are identical in content, so they show only as added schemas. The
// Evals lines (the trim keeps the Evals API since issue #24, and the 2025-04-29 spec had it too)
// were taken from the report and spot-checked against the upstream text (the 429 responses, the
// grader schemas renamed EvalGrader*, EvalRunOutputItem.results[] given its fields), not each one.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChangeReport } from '../../scripts/lib/change-report.ts';
import { formatText } from '../../scripts/lib/change-report.ts';
import { ROOT, TRIMMED_SPEC, UPSTREAM_DIR } from '../../scripts/lib/project.ts';
import { diffReport } from '../../scripts/spec-diff.ts';
import { snapshot } from '../helpers/temp-project.ts';

const run = promisify(execFile);
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

const OLD = join(ROOT, 'test', 'fixtures', 'upstream', 'openai-openapi.2025-04-29.498c71d.yaml.gz');
const NEW = join(UPSTREAM_DIR, 'openai-openapi.2026-08-21.f85dbe2.yaml.gz');

const EXPECTED = [
  'compatible response-added GET /evals response 429: response added',
  'compatible response-added POST /evals response 429: response added',
  'compatible response-added GET /evals/{eval_id} response 429: response added',
  'compatible response-added POST /evals/{eval_id} response 429: response added',
  'compatible response-added DELETE /evals/{eval_id} response 429: response added',
  'compatible response-added GET /evals/{eval_id}/runs response 429: response added',
  'compatible response-added POST /evals/{eval_id}/runs response 429: response added',
  'compatible response-added GET /evals/{eval_id}/runs/{run_id} response 429: response added',
  'compatible response-added POST /evals/{eval_id}/runs/{run_id} response 429: response added',
  'compatible response-added DELETE /evals/{eval_id}/runs/{run_id} response 429: response added',
  'compatible response-added GET /evals/{eval_id}/runs/{run_id}/output_items response 429: response added',
  'compatible response-added GET /evals/{eval_id}/runs/{run_id}/output_items/{output_item_id} response 429: response added',
  'compatible operation-added POST /fine_tuning/alpha/graders/run: operation added (runGrader)',
  'compatible operation-added POST /fine_tuning/alpha/graders/validate: operation added (validateGrader)',
  'compatible operation-added POST /fine_tuning/jobs/{fine_tuning_job_id}/pause: operation added (pauseFineTuningJob)',
  'compatible operation-added POST /fine_tuning/jobs/{fine_tuning_job_id}/resume: operation added (resumeFineTuningJob)',
  'compatible property-added schema CreateEvalCompletionsRunDataSource.sampling_params.reasoning_effort: optional property added (ReasoningEffort)',
  'compatible property-added schema CreateEvalCompletionsRunDataSource.sampling_params.response_format: optional property added (ResponseFormatJsonObject | ResponseFormatJsonSchema | ResponseFormatText)',
  'compatible property-added schema CreateEvalCompletionsRunDataSource.sampling_params.tools: optional property added (array)',
  'compatible type-changed schema CreateEvalRequest.data_source_config: type changed from CreateEvalCustomDataSourceConfig | CreateEvalLogsDataSourceConfig | object to CreateEvalCustomDataSourceConfig | CreateEvalLogsDataSourceConfig | CreateEvalStoredCompletionsDataSourceConfig | object',
  'breaking type-changed schema CreateEvalRequest.testing_criteria[]: type changed from CreateEvalLabelModelGrader | EvalPythonGrader | EvalScoreModelGrader | EvalStringCheckGrader | EvalTextSimilarityGrader to CreateEvalLabelModelGrader | EvalGraderPython | EvalGraderScoreModel | EvalGraderStringCheck | EvalGraderTextSimilarity',
  'compatible enum-value-added schema CreateEvalResponsesRunDataSource.type: enum value added: responses',
  'breaking enum-value-removed schema CreateEvalResponsesRunDataSource.type: enum value removed: completions',
  'compatible default-changed schema CreateEvalResponsesRunDataSource.type: default changed from "completions" to "responses"',
  'compatible property-added schema CreateEvalResponsesRunDataSource.sampling_params.reasoning_effort: optional property added (ReasoningEffort)',
  'compatible property-added schema CreateEvalResponsesRunDataSource.sampling_params.tools: optional property added (array)',
  'compatible property-added schema CreateEvalResponsesRunDataSource.sampling_params.text: optional property added (object)',
  'compatible property-added schema CreateFileRequest.expires_after: optional property added (FileExpirationAfter)',
  'compatible property-added schema CreateUploadRequest.expires_after: optional property added (FileExpirationAfter)',
  'compatible property-added schema EasyInputMessage.phase: optional property added (MessagePhase)',
  'breaking type-changed schema Eval.data_source_config: type changed from EvalCustomDataSourceConfig | EvalStoredCompletionsDataSourceConfig | object to EvalCustomDataSourceConfig | EvalLogsDataSourceConfig | EvalStoredCompletionsDataSourceConfig | object',
  'compatible default-changed schema Eval.testing_criteria: default changed from "eval" to (none)',
  'breaking type-changed schema Eval.testing_criteria[]: type changed from EvalLabelModelGrader | EvalPythonGrader | EvalScoreModelGrader | EvalStringCheckGrader | EvalTextSimilarityGrader to EvalGraderLabelModel | EvalGraderPython | EvalGraderScoreModel | EvalGraderStringCheck | EvalGraderTextSimilarity',
  'compatible format-changed schema Eval.created_at: format changed from (none) to unixtime',
  'breaking type-changed schema EvalItem.content: type changed from InputTextContent | object | string to EvalItemContentArray | EvalItemContentItem',
  'compatible property-added schema EvalResponsesSource.tools: optional property added (array)',
  'breaking property-removed schema EvalResponsesSource.has_tool_calls: property removed',
  'breaking property-removed schema EvalResponsesSource.allow_parallel_tool_calls: property removed',
  'compatible format-changed schema EvalRun.created_at: format changed from (none) to unixtime',
  'compatible format-changed schema EvalRun.report_url: format changed from (none) to uri',
  'compatible format-changed schema EvalRunOutputItem.created_at: format changed from (none) to unixtime',
  'compatible property-added schema EvalRunOutputItem.results[].name: required property added (string)',
  'compatible property-added schema EvalRunOutputItem.results[].type: optional property added (string)',
  'compatible property-added schema EvalRunOutputItem.results[].score: required property added (number)',
  'compatible property-added schema EvalRunOutputItem.results[].passed: required property added (boolean)',
  'compatible property-added schema EvalRunOutputItem.results[].sample: optional property added (object)',
  'breaking required-added schema FineTuneMethod.type: is now required',
  'compatible enum-value-added schema FineTuneMethod.type: enum value added: reinforcement',
  'compatible property-added schema FineTuneMethod.reinforcement: optional property added (FineTuneReinforcementMethod)',
  'compatible format-changed schema FineTuningCheckpointPermission.created_at: format changed from (none) to unixtime',
  'compatible format-changed schema FineTuningJob.created_at: format changed from (none) to unixtime',
  'compatible format-changed schema FineTuningJob.finished_at: format changed from (none) to unixtime',
  'breaking nullable-added schema FineTuningJob.hyperparameters.batch_size: may now be null',
  'compatible format-changed schema FineTuningJob.estimated_finish: format changed from (none) to unixtime',
  'compatible format-changed schema FineTuningJobCheckpoint.created_at: format changed from (none) to unixtime',
  'compatible format-changed schema FineTuningJobEvent.created_at: format changed from (none) to unixtime',
  'compatible property-added schema InputFileContent.prompt_cache_breakpoint: optional property added (PromptCacheBreakpointConfig)',
  'compatible property-added schema InputFileContent.file_url: optional property added (string)',
  'compatible property-added schema InputFileContent.detail: optional property added (FileInputDetail)',
  'compatible format-changed schema InputImageContent.image_url: format changed from (none) to uri',
  'compatible enum-value-added schema InputImageContent.detail: enum value added: original',
  'compatible property-added schema InputImageContent.prompt_cache_breakpoint: optional property added (PromptCacheBreakpointConfig)',
  'compatible property-added schema InputTextContent.prompt_cache_breakpoint: optional property added (PromptCacheBreakpointConfig)',
  'compatible format-changed schema Model.created: format changed from (none) to unixtime',
  'compatible property-added schema Model.shutdown_date: optional property added (string)',
  'compatible format-changed schema OpenAIFile.created_at: format changed from (none) to unixtime',
  'compatible format-changed schema OpenAIFile.expires_at: format changed from (none) to unixtime',
  'compatible enum-value-added schema OpenAIFile.purpose: enum value added: user_data',
  'compatible enum-value-added schema ReasoningEffort: enum values added: none, minimal, xhigh, max',
  'compatible format-changed schema Upload.created_at: format changed from (none) to unixtime',
  'compatible format-changed schema Upload.expires_at: format changed from (none) to unixtime',
  'compatible format-changed schema UploadPart.created_at: format changed from (none) to unixtime',
  'breaking schema-removed schema EvalLabelModelGrader: schema removed (its generated type goes away)',
  'breaking schema-removed schema EvalPythonGrader: schema removed (its generated type goes away)',
  'breaking schema-removed schema EvalScoreModelGrader: schema removed (its generated type goes away)',
  'breaking schema-removed schema EvalStringCheckGrader: schema removed (its generated type goes away)',
  'breaking schema-removed schema EvalTextSimilarityGrader: schema removed (its generated type goes away)',
];

const ADDED_SCHEMAS = [
  'ApplyPatchToolParam',
  'ApproximateLocation',
  'AutoCodeInterpreterToolParam',
  'CallableToolAllowedCaller',
  'ChatCompletionTool',
  'CodeInterpreterTool',
  'ComparisonFilter',
  'CompoundFilter',
  'ComputerEnvironment',
  'ComputerTool',
  'ComputerUsePreviewTool',
  'ContainerAutoParam',
  'ContainerMemoryLimit',
  'ContainerNetworkPolicyAllowlistParam',
  'ContainerNetworkPolicyDisabledParam',
  'ContainerNetworkPolicyDomainSecretParam',
  'ContainerReferenceParam',
  'CreateEvalStoredCompletionsDataSourceConfig',
  'CustomGrammarFormatParam',
  'CustomTextFormatParam',
  'CustomToolParam',
  'EmptyModelParam',
  'ErrorResponse',
  'EvalGraderLabelModel',
  'EvalGraderPython',
  'EvalGraderScoreModel',
  'EvalGraderStringCheck',
  'EvalGraderTextSimilarity',
  'EvalItemContent',
  'EvalItemContentArray',
  'EvalItemContentItem',
  'EvalItemContentOutputText',
  'EvalItemContentText',
  'EvalItemInputImage',
  'EvalLogsDataSourceConfig',
  'EvalRunOutputItemResult',
  'FileExpirationAfter',
  'FileInputDetail',
  'FileSearchTool',
  'Filters',
  'FineTuneDPOHyperparameters',
  'FineTuneReinforcementHyperparameters',
  'FineTuneReinforcementMethod',
  'FineTuneSupervisedHyperparameters',
  'FunctionObject',
  'FunctionParameters',
  'FunctionShellToolParam',
  'FunctionTool',
  'FunctionToolParam',
  'GraderLabelModel',
  'GraderMulti',
  'GraderPython',
  'GraderScoreModel',
  'GraderStringCheck',
  'GraderTextSimilarity',
  'GrammarSyntax1',
  'HybridSearchOptions',
  'ImageDetail',
  'ImageGenActionEnum',
  'ImageGenTool',
  'InlineSkillParam',
  'InlineSkillSourceParam',
  'InputAudio',
  'InputFidelity',
  'LocalEnvironmentParam',
  'LocalShellToolParam',
  'LocalSkillParam',
  'MCPTool',
  'MCPToolFilter',
  'MessagePhase',
  'NamespaceToolParam',
  'ProgrammaticToolCallingParam',
  'PromptCacheBreakpointConfig',
  'RankerVersionType',
  'RankingOptions',
  'ResponseFormatJsonObject',
  'ResponseFormatJsonSchema',
  'ResponseFormatJsonSchemaSchema',
  'ResponseFormatText',
  'RunGraderRequest',
  'RunGraderResponse',
  'SearchContentType',
  'SearchContextSize',
  'SkillReferenceParam',
  'TextResponseFormatConfiguration',
  'TextResponseFormatJsonSchema',
  'Tool',
  'ToolSearchExecutionType',
  'ToolSearchToolParam',
  'ValidateGraderRequest',
  'ValidateGraderResponse',
  'WebSearchApproximateLocation',
  'WebSearchPreviewTool',
  'WebSearchTool',
  'WebhookEvalRunCanceled',
  'WebhookEvalRunFailed',
  'WebhookEvalRunSucceeded',
  'WebhookFineTuningJobCancelled',
  'WebhookFineTuningJobFailed',
  'WebhookFineTuningJobSucceeded',
];

describe('the 2025-04-29 fixture', () => {
  it('is the upstream file its provenance names', () => {
    const text = gunzipSync(readFileSync(OLD));
    expect(createHash('sha256').update(text).digest('hex')).toBe(
      '6a6c681b182002de4ad335fa80214158f2d8f383a418f865c87876c3ed67cad9',
    );
    expect(readFileSync(join(ROOT, 'test', 'fixtures', 'upstream', 'README.md'), 'utf8')).toContain(
      '6a6c681b182002de4ad335fa80214158f2d8f383a418f865c87876c3ed67cad9',
    );
  });
});

describe('report from the 2025-04-29 spec to the 2026-08-21 spec', () => {
  let report: ChangeReport;
  beforeAll(async () => {
    report = await diffReport(OLD, NEW);
  });

  it('lists exactly the real differences, each with its verdict', () => {
    const lines = report.changes
      .filter((c) => c.kind !== 'schema-added')
      .map((c) => `${c.verdict} ${c.kind} ${c.where}: ${c.message}`);
    expect(lines).toEqual(EXPECTED);
    expect(report.changes.filter((c) => c.kind === 'schema-added').map((c) => c.schema)).toEqual(
      ADDED_SCHEMAS,
    );
    const breaking = EXPECTED.filter((line) => line.startsWith('breaking ')).length;
    expect(report.summary).toEqual({
      breaking,
      compatible: EXPECTED.length - breaking + ADDED_SCHEMAS.length,
    });
  });

  it('labels both sides by upstream commit and date', () => {
    expect(report.from.label).toBe('498c71d (2025-04-29)');
    expect(report.to.label).toBe('f85dbe2 (2026-08-21)');
  });

  it('marks FineTuneMethod.type breaking for creating jobs only', () => {
    const change = report.changes.find(
      (c) => c.where === 'schema FineTuneMethod.type' && c.kind === 'required-added',
    )!;
    expect(change.byOperation?.createFineTuningJob).toBe('breaking');
    expect(change.byOperation?.retrieveFineTuningJob).toBe('compatible');
  });

  it('names the facade methods affected; the facade already exposes every operation', () => {
    const affected = Object.fromEntries(
      report.facade.affected.map((a) => [a.method, `${a.breaking}/${a.compatible}`]),
    );
    expect(affected).toEqual({
      'checkpoints.create': '0/1',
      'checkpoints.list': '0/1',
      // The comparison reads the job and its checkpoints (src/evals/, loaded on first use).
      'evals.compare': '2/9',
      'evals.compareJob': '2/9',
      'evals.create': '9/6',
      'evals.delete': '0/1',
      'evals.list': '8/5',
      'evals.retrieve': '8/5',
      'evals.runs.cancel': '3/22',
      'evals.runs.create': '4/21',
      'evals.runs.delete': '0/1',
      'evals.runs.list': '3/22',
      'evals.runs.outputItems.list': '0/7',
      'evals.runs.outputItems.retrieve': '0/7',
      'evals.runs.retrieve': '3/22',
      'evals.update': '8/5',
      'files.create': '0/4',
      'files.list': '0/3',
      'files.retrieve': '0/3',
      'jobs.cancel': '2/8',
      'jobs.create': '3/7',
      'jobs.list': '2/8',
      'jobs.listCheckpoints': '0/1',
      'jobs.listEvents': '0/1',
      'jobs.retrieve': '2/8',
      'models.list': '0/2',
      'models.ofJob': '0/1',
      'models.retrieve': '0/2',
      'uploads.addPart': '0/1',
      'uploads.cancel': '0/5',
      'uploads.complete': '0/5',
      'uploads.create': '0/6',
    });
    expect(report.facade.notExposed).toEqual([]);
  });

  it('gives the same report whether the new side is the upstream spec or its trimmed form', async () => {
    const fromTrimmed = await diffReport(OLD, TRIMMED_SPEC);
    expect(fromTrimmed.changes).toEqual(report.changes);
    expect(formatText(fromTrimmed)).toBe(formatText(report));
  });

  it('reports nothing between a spec and itself', async () => {
    const same = await diffReport(NEW, TRIMMED_SPEC);
    expect(same.changes).toEqual([]);
    expect(formatText(same)).toContain('0 breaking, 0 compatible change(s)');
  });

  it('fits the new schemas on one line of the printed report', () => {
    expect(formatText(report)).toContain(
      `  compatible  ${ADDED_SCHEMAS.length} schema(s) added: ${ADDED_SCHEMAS.join(', ')}\n`,
    );
    expect(formatText(report)).toContain(
      '  BREAKING    schema FineTuneMethod.type: is now required (breaks createFineTuningJob; compatible for the others)\n',
    );
  });
});

describe('npm run spec:diff', () => {
  it('prints the report, changes nothing, and exits 1 on breaking changes only with --fail-on-breaking', {
    timeout: 60_000,
  }, async () => {
    const before = {
      openapi: await snapshot(ROOT, 'openapi'),
      generated: await snapshot(ROOT, 'generated'),
    };
    const script = join(ROOT, 'scripts', 'spec-diff.ts');
    const plain = await run(process.execPath, [TSX, script, OLD, TRIMMED_SPEC], { cwd: ROOT });
    expect(plain.stdout).toMatch(
      /^Fine-tuning surface: 498c71d \(2025-04-29\) → f85dbe2 \(2026-08-21\)\n14 breaking, 163 compatible change\(s\)\n/,
    );
    const failing = await run(
      process.execPath,
      [TSX, script, OLD, TRIMMED_SPEC, '--fail-on-breaking'],
      { cwd: ROOT },
    ).catch((e) => e);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toBe(plain.stdout);
    const same = await run(
      process.execPath,
      [TSX, script, TRIMMED_SPEC, TRIMMED_SPEC, '--fail-on-breaking'],
      { cwd: ROOT },
    );
    expect(same.stdout).toContain('0 breaking, 0 compatible change(s)');
    const usage = await run(process.execPath, [TSX, script, OLD], { cwd: ROOT }).catch((e) => e);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain(
      'spec:diff failed: expected two specs (old and new), got 1. usage: npm run spec:diff -- <old spec> <new spec>',
    );
    expect({
      openapi: await snapshot(ROOT, 'openapi'),
      generated: await snapshot(ROOT, 'generated'),
    }).toEqual(before);
  });
});
