// The generated types as the root of 0.1.0 exported them, one name each, kept for 0.2.x only so
// that old imports still compile: each is an alias of its `Schemas` type and marked @deprecated.
// Written once from generated/index.ts (and the Evals parameter types src/index.ts listed) when
// the types moved behind the `Schemas` namespace (CHANGELOG.md, 0.2.0), and frozen: a type the
// spec adds is in `Schemas` only. Delete in 0.3.0.
// Long because it lists 260 names, one alias each; nothing else lives here.
import type * as Schemas from './index.ts';

/** @deprecated Use `Schemas.AddUploadPartData`; removed in 0.3.0. */
export type AddUploadPartData = Schemas.AddUploadPartData;
/** @deprecated Use `Schemas.AddUploadPartRequest`; removed in 0.3.0. */
export type AddUploadPartRequest = Schemas.AddUploadPartRequest;
/** @deprecated Use `Schemas.AddUploadPartResponse`; removed in 0.3.0. */
export type AddUploadPartResponse = Schemas.AddUploadPartResponse;
/** @deprecated Use `Schemas.AddUploadPartResponses`; removed in 0.3.0. */
export type AddUploadPartResponses = Schemas.AddUploadPartResponses;
/** @deprecated Use `Schemas.ApplyPatchToolParam`; removed in 0.3.0. */
export type ApplyPatchToolParam = Schemas.ApplyPatchToolParam;
/** @deprecated Use `Schemas.ApproximateLocation`; removed in 0.3.0. */
export type ApproximateLocation = Schemas.ApproximateLocation;
/** @deprecated Use `Schemas.AutoCodeInterpreterToolParam`; removed in 0.3.0. */
export type AutoCodeInterpreterToolParam = Schemas.AutoCodeInterpreterToolParam;
/** @deprecated Use `Schemas.CallableToolAllowedCaller`; removed in 0.3.0. */
export type CallableToolAllowedCaller = Schemas.CallableToolAllowedCaller;
/** @deprecated Use `Schemas.CancelFineTuningJobData`; removed in 0.3.0. */
export type CancelFineTuningJobData = Schemas.CancelFineTuningJobData;
/** @deprecated Use `Schemas.CancelFineTuningJobResponse`; removed in 0.3.0. */
export type CancelFineTuningJobResponse = Schemas.CancelFineTuningJobResponse;
/** @deprecated Use `Schemas.CancelFineTuningJobResponses`; removed in 0.3.0. */
export type CancelFineTuningJobResponses = Schemas.CancelFineTuningJobResponses;
/** @deprecated Use `Schemas.CancelUploadData`; removed in 0.3.0. */
export type CancelUploadData = Schemas.CancelUploadData;
/** @deprecated Use `Schemas.CancelUploadResponse`; removed in 0.3.0. */
export type CancelUploadResponse = Schemas.CancelUploadResponse;
/** @deprecated Use `Schemas.CancelUploadResponses`; removed in 0.3.0. */
export type CancelUploadResponses = Schemas.CancelUploadResponses;
/** @deprecated Use `Schemas.ChatCompletionTool`; removed in 0.3.0. */
export type ChatCompletionTool = Schemas.ChatCompletionTool;
/** @deprecated Use `Schemas.CodeInterpreterTool`; removed in 0.3.0. */
export type CodeInterpreterTool = Schemas.CodeInterpreterTool;
/** @deprecated Use `Schemas.ComparisonFilter`; removed in 0.3.0. */
export type ComparisonFilter = Schemas.ComparisonFilter;
/** @deprecated Use `Schemas.CompleteUploadData`; removed in 0.3.0. */
export type CompleteUploadData = Schemas.CompleteUploadData;
/** @deprecated Use `Schemas.CompleteUploadRequest`; removed in 0.3.0. */
export type CompleteUploadRequest = Schemas.CompleteUploadRequest;
/** @deprecated Use `Schemas.CompleteUploadResponse`; removed in 0.3.0. */
export type CompleteUploadResponse = Schemas.CompleteUploadResponse;
/** @deprecated Use `Schemas.CompleteUploadResponses`; removed in 0.3.0. */
export type CompleteUploadResponses = Schemas.CompleteUploadResponses;
/** @deprecated Use `Schemas.CompoundFilter`; removed in 0.3.0. */
export type CompoundFilter = Schemas.CompoundFilter;
/** @deprecated Use `Schemas.ComputerEnvironment`; removed in 0.3.0. */
export type ComputerEnvironment = Schemas.ComputerEnvironment;
/** @deprecated Use `Schemas.ComputerTool`; removed in 0.3.0. */
export type ComputerTool = Schemas.ComputerTool;
/** @deprecated Use `Schemas.ComputerUsePreviewTool`; removed in 0.3.0. */
export type ComputerUsePreviewTool = Schemas.ComputerUsePreviewTool;
/** @deprecated Use `Schemas.ContainerAutoParam`; removed in 0.3.0. */
export type ContainerAutoParam = Schemas.ContainerAutoParam;
/** @deprecated Use `Schemas.ContainerMemoryLimit`; removed in 0.3.0. */
export type ContainerMemoryLimit = Schemas.ContainerMemoryLimit;
/** @deprecated Use `Schemas.ContainerNetworkPolicyAllowlistParam`; removed in 0.3.0. */
export type ContainerNetworkPolicyAllowlistParam = Schemas.ContainerNetworkPolicyAllowlistParam;
/** @deprecated Use `Schemas.ContainerNetworkPolicyDisabledParam`; removed in 0.3.0. */
export type ContainerNetworkPolicyDisabledParam = Schemas.ContainerNetworkPolicyDisabledParam;
/** @deprecated Use `Schemas.ContainerNetworkPolicyDomainSecretParam`; removed in 0.3.0. */
export type ContainerNetworkPolicyDomainSecretParam =
  Schemas.ContainerNetworkPolicyDomainSecretParam;
/** @deprecated Use `Schemas.ContainerReferenceParam`; removed in 0.3.0. */
export type ContainerReferenceParam = Schemas.ContainerReferenceParam;
/** @deprecated Use `Schemas.CreateEvalCompletionsRunDataSource`; removed in 0.3.0. */
export type CreateEvalCompletionsRunDataSource = Schemas.CreateEvalCompletionsRunDataSource;
/** @deprecated Use `Schemas.CreateEvalCustomDataSourceConfig`; removed in 0.3.0. */
export type CreateEvalCustomDataSourceConfig = Schemas.CreateEvalCustomDataSourceConfig;
/** @deprecated Use `Schemas.CreateEvalItem`; removed in 0.3.0. */
export type CreateEvalItem = Schemas.CreateEvalItem;
/** @deprecated Use `Schemas.CreateEvalJsonlRunDataSource`; removed in 0.3.0. */
export type CreateEvalJsonlRunDataSource = Schemas.CreateEvalJsonlRunDataSource;
/** @deprecated Use `Schemas.CreateEvalLabelModelGrader`; removed in 0.3.0. */
export type CreateEvalLabelModelGrader = Schemas.CreateEvalLabelModelGrader;
/** @deprecated Use `Schemas.CreateEvalLogsDataSourceConfig`; removed in 0.3.0. */
export type CreateEvalLogsDataSourceConfig = Schemas.CreateEvalLogsDataSourceConfig;
/** @deprecated Use `Schemas.CreateEvalRequest`; removed in 0.3.0. */
export type CreateEvalRequest = Schemas.CreateEvalRequest;
/** @deprecated Use `Schemas.CreateEvalResponsesRunDataSource`; removed in 0.3.0. */
export type CreateEvalResponsesRunDataSource = Schemas.CreateEvalResponsesRunDataSource;
/** @deprecated Use `Schemas.CreateEvalRunRequest`; removed in 0.3.0. */
export type CreateEvalRunRequest = Schemas.CreateEvalRunRequest;
/** @deprecated Use `Schemas.CreateEvalStoredCompletionsDataSourceConfig`; removed in 0.3.0. */
export type CreateEvalStoredCompletionsDataSourceConfig =
  Schemas.CreateEvalStoredCompletionsDataSourceConfig;
/** @deprecated Use `Schemas.CreateFileData`; removed in 0.3.0. */
export type CreateFileData = Schemas.CreateFileData;
/** @deprecated Use `Schemas.CreateFileRequest`; removed in 0.3.0. */
export type CreateFileRequest = Schemas.CreateFileRequest;
/** @deprecated Use `Schemas.CreateFileResponse`; removed in 0.3.0. */
export type CreateFileResponse = Schemas.CreateFileResponse;
/** @deprecated Use `Schemas.CreateFileResponses`; removed in 0.3.0. */
export type CreateFileResponses = Schemas.CreateFileResponses;
/** @deprecated Use `Schemas.CreateFineTuningCheckpointPermissionData`; removed in 0.3.0. */
export type CreateFineTuningCheckpointPermissionData =
  Schemas.CreateFineTuningCheckpointPermissionData;
/** @deprecated Use `Schemas.CreateFineTuningCheckpointPermissionRequest`; removed in 0.3.0. */
export type CreateFineTuningCheckpointPermissionRequest =
  Schemas.CreateFineTuningCheckpointPermissionRequest;
/** @deprecated Use `Schemas.CreateFineTuningCheckpointPermissionResponse`; removed in 0.3.0. */
export type CreateFineTuningCheckpointPermissionResponse =
  Schemas.CreateFineTuningCheckpointPermissionResponse;
/** @deprecated Use `Schemas.CreateFineTuningCheckpointPermissionResponses`; removed in 0.3.0. */
export type CreateFineTuningCheckpointPermissionResponses =
  Schemas.CreateFineTuningCheckpointPermissionResponses;
/** @deprecated Use `Schemas.CreateFineTuningJobData`; removed in 0.3.0. */
export type CreateFineTuningJobData = Schemas.CreateFineTuningJobData;
/** @deprecated Use `Schemas.CreateFineTuningJobRequest`; removed in 0.3.0. */
export type CreateFineTuningJobRequest = Schemas.CreateFineTuningJobRequest;
/** @deprecated Use `Schemas.CreateFineTuningJobResponse`; removed in 0.3.0. */
export type CreateFineTuningJobResponse = Schemas.CreateFineTuningJobResponse;
/** @deprecated Use `Schemas.CreateFineTuningJobResponses`; removed in 0.3.0. */
export type CreateFineTuningJobResponses = Schemas.CreateFineTuningJobResponses;
/** @deprecated Use `Schemas.CreateUploadData`; removed in 0.3.0. */
export type CreateUploadData = Schemas.CreateUploadData;
/** @deprecated Use `Schemas.CreateUploadRequest`; removed in 0.3.0. */
export type CreateUploadRequest = Schemas.CreateUploadRequest;
/** @deprecated Use `Schemas.CreateUploadResponse`; removed in 0.3.0. */
export type CreateUploadResponse = Schemas.CreateUploadResponse;
/** @deprecated Use `Schemas.CreateUploadResponses`; removed in 0.3.0. */
export type CreateUploadResponses = Schemas.CreateUploadResponses;
/** @deprecated Use `Schemas.CustomGrammarFormatParam`; removed in 0.3.0. */
export type CustomGrammarFormatParam = Schemas.CustomGrammarFormatParam;
/** @deprecated Use `Schemas.CustomTextFormatParam`; removed in 0.3.0. */
export type CustomTextFormatParam = Schemas.CustomTextFormatParam;
/** @deprecated Use `Schemas.CustomToolParam`; removed in 0.3.0. */
export type CustomToolParam = Schemas.CustomToolParam;
/** @deprecated Use `Schemas.DeleteFileData`; removed in 0.3.0. */
export type DeleteFileData = Schemas.DeleteFileData;
/** @deprecated Use `Schemas.DeleteFileResponse`; removed in 0.3.0. */
export type DeleteFileResponse = Schemas.DeleteFileResponse;
/** @deprecated Use `Schemas.DeleteFileResponse2`; removed in 0.3.0. */
export type DeleteFileResponse2 = Schemas.DeleteFileResponse2;
/** @deprecated Use `Schemas.DeleteFileResponses`; removed in 0.3.0. */
export type DeleteFileResponses = Schemas.DeleteFileResponses;
/** @deprecated Use `Schemas.DeleteFineTuningCheckpointPermissionData`; removed in 0.3.0. */
export type DeleteFineTuningCheckpointPermissionData =
  Schemas.DeleteFineTuningCheckpointPermissionData;
/** @deprecated Use `Schemas.DeleteFineTuningCheckpointPermissionResponse`; removed in 0.3.0. */
export type DeleteFineTuningCheckpointPermissionResponse =
  Schemas.DeleteFineTuningCheckpointPermissionResponse;
/** @deprecated Use `Schemas.DeleteFineTuningCheckpointPermissionResponse2`; removed in 0.3.0. */
export type DeleteFineTuningCheckpointPermissionResponse2 =
  Schemas.DeleteFineTuningCheckpointPermissionResponse2;
/** @deprecated Use `Schemas.DeleteFineTuningCheckpointPermissionResponses`; removed in 0.3.0. */
export type DeleteFineTuningCheckpointPermissionResponses =
  Schemas.DeleteFineTuningCheckpointPermissionResponses;
/** @deprecated Use `Schemas.DeleteModelData`; removed in 0.3.0. */
export type DeleteModelData = Schemas.DeleteModelData;
/** @deprecated Use `Schemas.DeleteModelResponse`; removed in 0.3.0. */
export type DeleteModelResponse = Schemas.DeleteModelResponse;
/** @deprecated Use `Schemas.DeleteModelResponse2`; removed in 0.3.0. */
export type DeleteModelResponse2 = Schemas.DeleteModelResponse2;
/** @deprecated Use `Schemas.DeleteModelResponses`; removed in 0.3.0. */
export type DeleteModelResponses = Schemas.DeleteModelResponses;
/** @deprecated Use `Schemas.DownloadFileData`; removed in 0.3.0. */
export type DownloadFileData = Schemas.DownloadFileData;
/** @deprecated Use `Schemas.DownloadFileResponse`; removed in 0.3.0. */
export type DownloadFileResponse = Schemas.DownloadFileResponse;
/** @deprecated Use `Schemas.DownloadFileResponses`; removed in 0.3.0. */
export type DownloadFileResponses = Schemas.DownloadFileResponses;
/** @deprecated Use `Schemas.EasyInputMessage`; removed in 0.3.0. */
export type EasyInputMessage = Schemas.EasyInputMessage;
/** @deprecated Use `Schemas.EmptyModelParam`; removed in 0.3.0. */
export type EmptyModelParam = Schemas.EmptyModelParam;
/** @deprecated Use `Schemas.Error`; removed in 0.3.0. */
export type Error = Schemas.Error;
/** @deprecated Use `Schemas.ErrorResponse`; removed in 0.3.0. */
export type ErrorResponse = Schemas.ErrorResponse;
/** @deprecated Use `Schemas.Eval`; removed in 0.3.0. */
export type Eval = Schemas.Eval;
/** @deprecated Use `Schemas.EvalApiError`; removed in 0.3.0. */
export type EvalApiError = Schemas.EvalApiError;
/** @deprecated Use `Schemas.EvalCustomDataSourceConfig`; removed in 0.3.0. */
export type EvalCustomDataSourceConfig = Schemas.EvalCustomDataSourceConfig;
/** @deprecated Use `Schemas.EvalGraderLabelModel`; removed in 0.3.0. */
export type EvalGraderLabelModel = Schemas.EvalGraderLabelModel;
/** @deprecated Use `Schemas.EvalGraderPython`; removed in 0.3.0. */
export type EvalGraderPython = Schemas.EvalGraderPython;
/** @deprecated Use `Schemas.EvalGraderScoreModel`; removed in 0.3.0. */
export type EvalGraderScoreModel = Schemas.EvalGraderScoreModel;
/** @deprecated Use `Schemas.EvalGraderStringCheck`; removed in 0.3.0. */
export type EvalGraderStringCheck = Schemas.EvalGraderStringCheck;
/** @deprecated Use `Schemas.EvalGraderTextSimilarity`; removed in 0.3.0. */
export type EvalGraderTextSimilarity = Schemas.EvalGraderTextSimilarity;
/** @deprecated Use `Schemas.EvalItem`; removed in 0.3.0. */
export type EvalItem = Schemas.EvalItem;
/** @deprecated Use `Schemas.EvalItemContent`; removed in 0.3.0. */
export type EvalItemContent = Schemas.EvalItemContent;
/** @deprecated Use `Schemas.EvalItemContentArray`; removed in 0.3.0. */
export type EvalItemContentArray = Schemas.EvalItemContentArray;
/** @deprecated Use `Schemas.EvalItemContentItem`; removed in 0.3.0. */
export type EvalItemContentItem = Schemas.EvalItemContentItem;
/** @deprecated Use `Schemas.EvalItemContentOutputText`; removed in 0.3.0. */
export type EvalItemContentOutputText = Schemas.EvalItemContentOutputText;
/** @deprecated Use `Schemas.EvalItemContentText`; removed in 0.3.0. */
export type EvalItemContentText = Schemas.EvalItemContentText;
/** @deprecated Use `Schemas.EvalItemInputImage`; removed in 0.3.0. */
export type EvalItemInputImage = Schemas.EvalItemInputImage;
/** @deprecated Use `Schemas.EvalJsonlFileContentSource`; removed in 0.3.0. */
export type EvalJsonlFileContentSource = Schemas.EvalJsonlFileContentSource;
/** @deprecated Use `Schemas.EvalJsonlFileIdSource`; removed in 0.3.0. */
export type EvalJsonlFileIdSource = Schemas.EvalJsonlFileIdSource;
/** @deprecated Use `Schemas.EvalList`; removed in 0.3.0. */
export type EvalList = Schemas.EvalList;
/** @deprecated Use `Schemas.EvalLogsDataSourceConfig`; removed in 0.3.0. */
export type EvalLogsDataSourceConfig = Schemas.EvalLogsDataSourceConfig;
/** @deprecated Use `Schemas.EvalResponsesSource`; removed in 0.3.0. */
export type EvalResponsesSource = Schemas.EvalResponsesSource;
/** @deprecated Use `Schemas.EvalRun`; removed in 0.3.0. */
export type EvalRun = Schemas.EvalRun;
/** @deprecated Use `Schemas.EvalRunList`; removed in 0.3.0. */
export type EvalRunList = Schemas.EvalRunList;
/** @deprecated Use `Schemas.EvalRunOutputItem`; removed in 0.3.0. */
export type EvalRunOutputItem = Schemas.EvalRunOutputItem;
/** @deprecated Use `Schemas.EvalRunOutputItemList`; removed in 0.3.0. */
export type EvalRunOutputItemList = Schemas.EvalRunOutputItemList;
/** @deprecated Use `Schemas.EvalRunOutputItemResult`; removed in 0.3.0. */
export type EvalRunOutputItemResult = Schemas.EvalRunOutputItemResult;
/** @deprecated Use `Schemas.EvalStoredCompletionsDataSourceConfig`; removed in 0.3.0. */
export type EvalStoredCompletionsDataSourceConfig = Schemas.EvalStoredCompletionsDataSourceConfig;
/** @deprecated Use `Schemas.EvalStoredCompletionsSource`; removed in 0.3.0. */
export type EvalStoredCompletionsSource = Schemas.EvalStoredCompletionsSource;
/** @deprecated Use `Schemas.FileExpirationAfter`; removed in 0.3.0. */
export type FileExpirationAfter = Schemas.FileExpirationAfter;
/** @deprecated Use `Schemas.FileInputDetail`; removed in 0.3.0. */
export type FileInputDetail = Schemas.FileInputDetail;
/** @deprecated Use `Schemas.FileSearchTool`; removed in 0.3.0. */
export type FileSearchTool = Schemas.FileSearchTool;
/** @deprecated Use `Schemas.Filters`; removed in 0.3.0. */
export type Filters = Schemas.Filters;
/** @deprecated Use `Schemas.FineTuneDpoHyperparameters`; removed in 0.3.0. */
export type FineTuneDpoHyperparameters = Schemas.FineTuneDpoHyperparameters;
/** @deprecated Use `Schemas.FineTuneDpoMethod`; removed in 0.3.0. */
export type FineTuneDpoMethod = Schemas.FineTuneDpoMethod;
/** @deprecated Use `Schemas.FineTuneMethod`; removed in 0.3.0. */
export type FineTuneMethod = Schemas.FineTuneMethod;
/** @deprecated Use `Schemas.FineTuneReinforcementHyperparameters`; removed in 0.3.0. */
export type FineTuneReinforcementHyperparameters = Schemas.FineTuneReinforcementHyperparameters;
/** @deprecated Use `Schemas.FineTuneReinforcementMethod`; removed in 0.3.0. */
export type FineTuneReinforcementMethod = Schemas.FineTuneReinforcementMethod;
/** @deprecated Use `Schemas.FineTuneSupervisedHyperparameters`; removed in 0.3.0. */
export type FineTuneSupervisedHyperparameters = Schemas.FineTuneSupervisedHyperparameters;
/** @deprecated Use `Schemas.FineTuneSupervisedMethod`; removed in 0.3.0. */
export type FineTuneSupervisedMethod = Schemas.FineTuneSupervisedMethod;
/** @deprecated Use `Schemas.FineTuningCheckpointPermission`; removed in 0.3.0. */
export type FineTuningCheckpointPermission = Schemas.FineTuningCheckpointPermission;
/** @deprecated Use `Schemas.FineTuningIntegration`; removed in 0.3.0. */
export type FineTuningIntegration = Schemas.FineTuningIntegration;
/** @deprecated Use `Schemas.FineTuningJob`; removed in 0.3.0. */
export type FineTuningJob = Schemas.FineTuningJob;
/** @deprecated Use `Schemas.FineTuningJobCheckpoint`; removed in 0.3.0. */
export type FineTuningJobCheckpoint = Schemas.FineTuningJobCheckpoint;
/** @deprecated Use `Schemas.FineTuningJobEvent`; removed in 0.3.0. */
export type FineTuningJobEvent = Schemas.FineTuningJobEvent;
/** @deprecated Use `Schemas.FunctionObject`; removed in 0.3.0. */
export type FunctionObject = Schemas.FunctionObject;
/** @deprecated Use `Schemas.FunctionParameters`; removed in 0.3.0. */
export type FunctionParameters = Schemas.FunctionParameters;
/** @deprecated Use `Schemas.FunctionShellToolParam`; removed in 0.3.0. */
export type FunctionShellToolParam = Schemas.FunctionShellToolParam;
/** @deprecated Use `Schemas.FunctionTool`; removed in 0.3.0. */
export type FunctionTool = Schemas.FunctionTool;
/** @deprecated Use `Schemas.FunctionToolParam`; removed in 0.3.0. */
export type FunctionToolParam = Schemas.FunctionToolParam;
/** @deprecated Use `Schemas.GraderLabelModel`; removed in 0.3.0. */
export type GraderLabelModel = Schemas.GraderLabelModel;
/** @deprecated Use `Schemas.GraderMulti`; removed in 0.3.0. */
export type GraderMulti = Schemas.GraderMulti;
/** @deprecated Use `Schemas.GraderPython`; removed in 0.3.0. */
export type GraderPython = Schemas.GraderPython;
/** @deprecated Use `Schemas.GraderScoreModel`; removed in 0.3.0. */
export type GraderScoreModel = Schemas.GraderScoreModel;
/** @deprecated Use `Schemas.GraderStringCheck`; removed in 0.3.0. */
export type GraderStringCheck = Schemas.GraderStringCheck;
/** @deprecated Use `Schemas.GraderTextSimilarity`; removed in 0.3.0. */
export type GraderTextSimilarity = Schemas.GraderTextSimilarity;
/** @deprecated Use `Schemas.GrammarSyntax1`; removed in 0.3.0. */
export type GrammarSyntax1 = Schemas.GrammarSyntax1;
/** @deprecated Use `Schemas.HybridSearchOptions`; removed in 0.3.0. */
export type HybridSearchOptions = Schemas.HybridSearchOptions;
/** @deprecated Use `Schemas.ImageDetail`; removed in 0.3.0. */
export type ImageDetail = Schemas.ImageDetail;
/** @deprecated Use `Schemas.ImageGenActionEnum`; removed in 0.3.0. */
export type ImageGenActionEnum = Schemas.ImageGenActionEnum;
/** @deprecated Use `Schemas.ImageGenTool`; removed in 0.3.0. */
export type ImageGenTool = Schemas.ImageGenTool;
/** @deprecated Use `Schemas.InlineSkillParam`; removed in 0.3.0. */
export type InlineSkillParam = Schemas.InlineSkillParam;
/** @deprecated Use `Schemas.InlineSkillSourceParam`; removed in 0.3.0. */
export type InlineSkillSourceParam = Schemas.InlineSkillSourceParam;
/** @deprecated Use `Schemas.InputAudio`; removed in 0.3.0. */
export type InputAudio = Schemas.InputAudio;
/** @deprecated Use `Schemas.InputContent`; removed in 0.3.0. */
export type InputContent = Schemas.InputContent;
/** @deprecated Use `Schemas.InputFidelity`; removed in 0.3.0. */
export type InputFidelity = Schemas.InputFidelity;
/** @deprecated Use `Schemas.InputFileContent`; removed in 0.3.0. */
export type InputFileContent = Schemas.InputFileContent;
/** @deprecated Use `Schemas.InputImageContent`; removed in 0.3.0. */
export type InputImageContent = Schemas.InputImageContent;
/** @deprecated Use `Schemas.InputMessageContentList`; removed in 0.3.0. */
export type InputMessageContentList = Schemas.InputMessageContentList;
/** @deprecated Use `Schemas.InputTextContent`; removed in 0.3.0. */
export type InputTextContent = Schemas.InputTextContent;
/** @deprecated Use `Schemas.ListFilesData`; removed in 0.3.0. */
export type ListFilesData = Schemas.ListFilesData;
/** @deprecated Use `Schemas.ListFilesResponse`; removed in 0.3.0. */
export type ListFilesResponse = Schemas.ListFilesResponse;
/** @deprecated Use `Schemas.ListFilesResponse2`; removed in 0.3.0. */
export type ListFilesResponse2 = Schemas.ListFilesResponse2;
/** @deprecated Use `Schemas.ListFilesResponses`; removed in 0.3.0. */
export type ListFilesResponses = Schemas.ListFilesResponses;
/** @deprecated Use `Schemas.ListFineTuningCheckpointPermissionResponse`; removed in 0.3.0. */
export type ListFineTuningCheckpointPermissionResponse =
  Schemas.ListFineTuningCheckpointPermissionResponse;
/** @deprecated Use `Schemas.ListFineTuningCheckpointPermissionsData`; removed in 0.3.0. */
export type ListFineTuningCheckpointPermissionsData =
  Schemas.ListFineTuningCheckpointPermissionsData;
/** @deprecated Use `Schemas.ListFineTuningCheckpointPermissionsResponse`; removed in 0.3.0. */
export type ListFineTuningCheckpointPermissionsResponse =
  Schemas.ListFineTuningCheckpointPermissionsResponse;
/** @deprecated Use `Schemas.ListFineTuningCheckpointPermissionsResponses`; removed in 0.3.0. */
export type ListFineTuningCheckpointPermissionsResponses =
  Schemas.ListFineTuningCheckpointPermissionsResponses;
/** @deprecated Use `Schemas.ListFineTuningEventsData`; removed in 0.3.0. */
export type ListFineTuningEventsData = Schemas.ListFineTuningEventsData;
/** @deprecated Use `Schemas.ListFineTuningEventsResponse`; removed in 0.3.0. */
export type ListFineTuningEventsResponse = Schemas.ListFineTuningEventsResponse;
/** @deprecated Use `Schemas.ListFineTuningEventsResponses`; removed in 0.3.0. */
export type ListFineTuningEventsResponses = Schemas.ListFineTuningEventsResponses;
/** @deprecated Use `Schemas.ListFineTuningJobCheckpointsData`; removed in 0.3.0. */
export type ListFineTuningJobCheckpointsData = Schemas.ListFineTuningJobCheckpointsData;
/** @deprecated Use `Schemas.ListFineTuningJobCheckpointsResponse`; removed in 0.3.0. */
export type ListFineTuningJobCheckpointsResponse = Schemas.ListFineTuningJobCheckpointsResponse;
/** @deprecated Use `Schemas.ListFineTuningJobCheckpointsResponse2`; removed in 0.3.0. */
export type ListFineTuningJobCheckpointsResponse2 = Schemas.ListFineTuningJobCheckpointsResponse2;
/** @deprecated Use `Schemas.ListFineTuningJobCheckpointsResponses`; removed in 0.3.0. */
export type ListFineTuningJobCheckpointsResponses = Schemas.ListFineTuningJobCheckpointsResponses;
/** @deprecated Use `Schemas.ListFineTuningJobEventsResponse`; removed in 0.3.0. */
export type ListFineTuningJobEventsResponse = Schemas.ListFineTuningJobEventsResponse;
/** @deprecated Use `Schemas.ListModelsData`; removed in 0.3.0. */
export type ListModelsData = Schemas.ListModelsData;
/** @deprecated Use `Schemas.ListModelsResponse`; removed in 0.3.0. */
export type ListModelsResponse = Schemas.ListModelsResponse;
/** @deprecated Use `Schemas.ListModelsResponse2`; removed in 0.3.0. */
export type ListModelsResponse2 = Schemas.ListModelsResponse2;
/** @deprecated Use `Schemas.ListModelsResponses`; removed in 0.3.0. */
export type ListModelsResponses = Schemas.ListModelsResponses;
/** @deprecated Use `Schemas.ListPaginatedFineTuningJobsData`; removed in 0.3.0. */
export type ListPaginatedFineTuningJobsData = Schemas.ListPaginatedFineTuningJobsData;
/** @deprecated Use `Schemas.ListPaginatedFineTuningJobsResponse`; removed in 0.3.0. */
export type ListPaginatedFineTuningJobsResponse = Schemas.ListPaginatedFineTuningJobsResponse;
/** @deprecated Use `Schemas.ListPaginatedFineTuningJobsResponse2`; removed in 0.3.0. */
export type ListPaginatedFineTuningJobsResponse2 = Schemas.ListPaginatedFineTuningJobsResponse2;
/** @deprecated Use `Schemas.ListPaginatedFineTuningJobsResponses`; removed in 0.3.0. */
export type ListPaginatedFineTuningJobsResponses = Schemas.ListPaginatedFineTuningJobsResponses;
/** @deprecated Use `Schemas.LocalEnvironmentParam`; removed in 0.3.0. */
export type LocalEnvironmentParam = Schemas.LocalEnvironmentParam;
/** @deprecated Use `Schemas.LocalShellToolParam`; removed in 0.3.0. */
export type LocalShellToolParam = Schemas.LocalShellToolParam;
/** @deprecated Use `Schemas.LocalSkillParam`; removed in 0.3.0. */
export type LocalSkillParam = Schemas.LocalSkillParam;
/** @deprecated Use `Schemas.McpTool`; removed in 0.3.0. */
export type McpTool = Schemas.McpTool;
/** @deprecated Use `Schemas.McpToolFilter`; removed in 0.3.0. */
export type McpToolFilter = Schemas.McpToolFilter;
/** @deprecated Use `Schemas.MessagePhase`; removed in 0.3.0. */
export type MessagePhase = Schemas.MessagePhase;
/** @deprecated Use `Schemas.Metadata`; removed in 0.3.0. */
export type Metadata = Schemas.Metadata;
/** @deprecated Use `Schemas.Model`; removed in 0.3.0. */
export type Model = Schemas.Model;
/** @deprecated Use `Schemas.NamespaceToolParam`; removed in 0.3.0. */
export type NamespaceToolParam = Schemas.NamespaceToolParam;
/** @deprecated Use `Schemas.OpenAiFile`; removed in 0.3.0. */
export type OpenAiFile = Schemas.OpenAiFile;
/** @deprecated Use `Schemas.PauseFineTuningJobData`; removed in 0.3.0. */
export type PauseFineTuningJobData = Schemas.PauseFineTuningJobData;
/** @deprecated Use `Schemas.PauseFineTuningJobResponse`; removed in 0.3.0. */
export type PauseFineTuningJobResponse = Schemas.PauseFineTuningJobResponse;
/** @deprecated Use `Schemas.PauseFineTuningJobResponses`; removed in 0.3.0. */
export type PauseFineTuningJobResponses = Schemas.PauseFineTuningJobResponses;
/** @deprecated Use `Schemas.PostEvalRunCanceledWebhookPayload`; removed in 0.3.0. */
export type PostEvalRunCanceledWebhookPayload = Schemas.PostEvalRunCanceledWebhookPayload;
/** @deprecated Use `Schemas.PostEvalRunCanceledWebhookRequest`; removed in 0.3.0. */
export type PostEvalRunCanceledWebhookRequest = Schemas.PostEvalRunCanceledWebhookRequest;
/** @deprecated Use `Schemas.PostEvalRunFailedWebhookPayload`; removed in 0.3.0. */
export type PostEvalRunFailedWebhookPayload = Schemas.PostEvalRunFailedWebhookPayload;
/** @deprecated Use `Schemas.PostEvalRunFailedWebhookRequest`; removed in 0.3.0. */
export type PostEvalRunFailedWebhookRequest = Schemas.PostEvalRunFailedWebhookRequest;
/** @deprecated Use `Schemas.PostEvalRunSucceededWebhookPayload`; removed in 0.3.0. */
export type PostEvalRunSucceededWebhookPayload = Schemas.PostEvalRunSucceededWebhookPayload;
/** @deprecated Use `Schemas.PostEvalRunSucceededWebhookRequest`; removed in 0.3.0. */
export type PostEvalRunSucceededWebhookRequest = Schemas.PostEvalRunSucceededWebhookRequest;
/** @deprecated Use `Schemas.PostFineTuningJobCancelledWebhookPayload`; removed in 0.3.0. */
export type PostFineTuningJobCancelledWebhookPayload =
  Schemas.PostFineTuningJobCancelledWebhookPayload;
/** @deprecated Use `Schemas.PostFineTuningJobCancelledWebhookRequest`; removed in 0.3.0. */
export type PostFineTuningJobCancelledWebhookRequest =
  Schemas.PostFineTuningJobCancelledWebhookRequest;
/** @deprecated Use `Schemas.PostFineTuningJobFailedWebhookPayload`; removed in 0.3.0. */
export type PostFineTuningJobFailedWebhookPayload = Schemas.PostFineTuningJobFailedWebhookPayload;
/** @deprecated Use `Schemas.PostFineTuningJobFailedWebhookRequest`; removed in 0.3.0. */
export type PostFineTuningJobFailedWebhookRequest = Schemas.PostFineTuningJobFailedWebhookRequest;
/** @deprecated Use `Schemas.PostFineTuningJobSucceededWebhookPayload`; removed in 0.3.0. */
export type PostFineTuningJobSucceededWebhookPayload =
  Schemas.PostFineTuningJobSucceededWebhookPayload;
/** @deprecated Use `Schemas.PostFineTuningJobSucceededWebhookRequest`; removed in 0.3.0. */
export type PostFineTuningJobSucceededWebhookRequest =
  Schemas.PostFineTuningJobSucceededWebhookRequest;
/** @deprecated Use `Schemas.ProgrammaticToolCallingParam`; removed in 0.3.0. */
export type ProgrammaticToolCallingParam = Schemas.ProgrammaticToolCallingParam;
/** @deprecated Use `Schemas.PromptCacheBreakpointConfig`; removed in 0.3.0. */
export type PromptCacheBreakpointConfig = Schemas.PromptCacheBreakpointConfig;
/** @deprecated Use `Schemas.RankerVersionType`; removed in 0.3.0. */
export type RankerVersionType = Schemas.RankerVersionType;
/** @deprecated Use `Schemas.RankingOptions`; removed in 0.3.0. */
export type RankingOptions = Schemas.RankingOptions;
/** @deprecated Use `Schemas.ReasoningEffort`; removed in 0.3.0. */
export type ReasoningEffort = Schemas.ReasoningEffort;
/** @deprecated Use `Schemas.ResponseFormatJsonObject`; removed in 0.3.0. */
export type ResponseFormatJsonObject = Schemas.ResponseFormatJsonObject;
/** @deprecated Use `Schemas.ResponseFormatJsonSchema`; removed in 0.3.0. */
export type ResponseFormatJsonSchema = Schemas.ResponseFormatJsonSchema;
/** @deprecated Use `Schemas.ResponseFormatJsonSchemaSchema`; removed in 0.3.0. */
export type ResponseFormatJsonSchemaSchema = Schemas.ResponseFormatJsonSchemaSchema;
/** @deprecated Use `Schemas.ResponseFormatText`; removed in 0.3.0. */
export type ResponseFormatText = Schemas.ResponseFormatText;
/** @deprecated Use `Schemas.ResumeFineTuningJobData`; removed in 0.3.0. */
export type ResumeFineTuningJobData = Schemas.ResumeFineTuningJobData;
/** @deprecated Use `Schemas.ResumeFineTuningJobResponse`; removed in 0.3.0. */
export type ResumeFineTuningJobResponse = Schemas.ResumeFineTuningJobResponse;
/** @deprecated Use `Schemas.ResumeFineTuningJobResponses`; removed in 0.3.0. */
export type ResumeFineTuningJobResponses = Schemas.ResumeFineTuningJobResponses;
/** @deprecated Use `Schemas.RetrieveFileData`; removed in 0.3.0. */
export type RetrieveFileData = Schemas.RetrieveFileData;
/** @deprecated Use `Schemas.RetrieveFileResponse`; removed in 0.3.0. */
export type RetrieveFileResponse = Schemas.RetrieveFileResponse;
/** @deprecated Use `Schemas.RetrieveFileResponses`; removed in 0.3.0. */
export type RetrieveFileResponses = Schemas.RetrieveFileResponses;
/** @deprecated Use `Schemas.RetrieveFineTuningJobData`; removed in 0.3.0. */
export type RetrieveFineTuningJobData = Schemas.RetrieveFineTuningJobData;
/** @deprecated Use `Schemas.RetrieveFineTuningJobResponse`; removed in 0.3.0. */
export type RetrieveFineTuningJobResponse = Schemas.RetrieveFineTuningJobResponse;
/** @deprecated Use `Schemas.RetrieveFineTuningJobResponses`; removed in 0.3.0. */
export type RetrieveFineTuningJobResponses = Schemas.RetrieveFineTuningJobResponses;
/** @deprecated Use `Schemas.RetrieveModelData`; removed in 0.3.0. */
export type RetrieveModelData = Schemas.RetrieveModelData;
/** @deprecated Use `Schemas.RetrieveModelResponse`; removed in 0.3.0. */
export type RetrieveModelResponse = Schemas.RetrieveModelResponse;
/** @deprecated Use `Schemas.RetrieveModelResponses`; removed in 0.3.0. */
export type RetrieveModelResponses = Schemas.RetrieveModelResponses;
/** @deprecated Use `Schemas.RunGraderData`; removed in 0.3.0. */
export type RunGraderData = Schemas.RunGraderData;
/** @deprecated Use `Schemas.RunGraderRequest`; removed in 0.3.0. */
export type RunGraderRequest = Schemas.RunGraderRequest;
/** @deprecated Use `Schemas.RunGraderResponse`; removed in 0.3.0. */
export type RunGraderResponse = Schemas.RunGraderResponse;
/** @deprecated Use `Schemas.RunGraderResponse2`; removed in 0.3.0. */
export type RunGraderResponse2 = Schemas.RunGraderResponse2;
/** @deprecated Use `Schemas.RunGraderResponses`; removed in 0.3.0. */
export type RunGraderResponses = Schemas.RunGraderResponses;
/** @deprecated Use `Schemas.SearchContentType`; removed in 0.3.0. */
export type SearchContentType = Schemas.SearchContentType;
/** @deprecated Use `Schemas.SearchContextSize`; removed in 0.3.0. */
export type SearchContextSize = Schemas.SearchContextSize;
/** @deprecated Use `Schemas.SkillReferenceParam`; removed in 0.3.0. */
export type SkillReferenceParam = Schemas.SkillReferenceParam;
/** @deprecated Use `Schemas.TextResponseFormatConfiguration`; removed in 0.3.0. */
export type TextResponseFormatConfiguration = Schemas.TextResponseFormatConfiguration;
/** @deprecated Use `Schemas.TextResponseFormatJsonSchema`; removed in 0.3.0. */
export type TextResponseFormatJsonSchema = Schemas.TextResponseFormatJsonSchema;
/** @deprecated Use `Schemas.Tool`; removed in 0.3.0. */
export type Tool = Schemas.Tool;
/** @deprecated Use `Schemas.ToolSearchExecutionType`; removed in 0.3.0. */
export type ToolSearchExecutionType = Schemas.ToolSearchExecutionType;
/** @deprecated Use `Schemas.ToolSearchToolParam`; removed in 0.3.0. */
export type ToolSearchToolParam = Schemas.ToolSearchToolParam;
/** @deprecated Use `Schemas.Upload`; removed in 0.3.0. */
export type Upload = Schemas.Upload;
/** @deprecated Use `Schemas.UploadPart`; removed in 0.3.0. */
export type UploadPart = Schemas.UploadPart;
/** @deprecated Use `Schemas.ValidateGraderData`; removed in 0.3.0. */
export type ValidateGraderData = Schemas.ValidateGraderData;
/** @deprecated Use `Schemas.ValidateGraderRequest`; removed in 0.3.0. */
export type ValidateGraderRequest = Schemas.ValidateGraderRequest;
/** @deprecated Use `Schemas.ValidateGraderResponse`; removed in 0.3.0. */
export type ValidateGraderResponse = Schemas.ValidateGraderResponse;
/** @deprecated Use `Schemas.ValidateGraderResponse2`; removed in 0.3.0. */
export type ValidateGraderResponse2 = Schemas.ValidateGraderResponse2;
/** @deprecated Use `Schemas.ValidateGraderResponses`; removed in 0.3.0. */
export type ValidateGraderResponses = Schemas.ValidateGraderResponses;
/** @deprecated Use `Schemas.WebhookEvalRunCanceled`; removed in 0.3.0. */
export type WebhookEvalRunCanceled = Schemas.WebhookEvalRunCanceled;
/** @deprecated Use `Schemas.WebhookEvalRunFailed`; removed in 0.3.0. */
export type WebhookEvalRunFailed = Schemas.WebhookEvalRunFailed;
/** @deprecated Use `Schemas.WebhookEvalRunSucceeded`; removed in 0.3.0. */
export type WebhookEvalRunSucceeded = Schemas.WebhookEvalRunSucceeded;
/** @deprecated Use `Schemas.WebhookFineTuningJobCancelled`; removed in 0.3.0. */
export type WebhookFineTuningJobCancelled = Schemas.WebhookFineTuningJobCancelled;
/** @deprecated Use `Schemas.WebhookFineTuningJobFailed`; removed in 0.3.0. */
export type WebhookFineTuningJobFailed = Schemas.WebhookFineTuningJobFailed;
/** @deprecated Use `Schemas.WebhookFineTuningJobSucceeded`; removed in 0.3.0. */
export type WebhookFineTuningJobSucceeded = Schemas.WebhookFineTuningJobSucceeded;
/** @deprecated Use `Schemas.WebSearchApproximateLocation`; removed in 0.3.0. */
export type WebSearchApproximateLocation = Schemas.WebSearchApproximateLocation;
/** @deprecated Use `Schemas.WebSearchPreviewTool`; removed in 0.3.0. */
export type WebSearchPreviewTool = Schemas.WebSearchPreviewTool;
/** @deprecated Use `Schemas.WebSearchTool`; removed in 0.3.0. */
export type WebSearchTool = Schemas.WebSearchTool;
/** @deprecated Use `Schemas.CancelEvalRunData`; removed in 0.3.0. */
export type CancelEvalRunData = Schemas.CancelEvalRunData;
/** @deprecated Use `Schemas.CreateEvalData`; removed in 0.3.0. */
export type CreateEvalData = Schemas.CreateEvalData;
/** @deprecated Use `Schemas.CreateEvalRunData`; removed in 0.3.0. */
export type CreateEvalRunData = Schemas.CreateEvalRunData;
/** @deprecated Use `Schemas.DeleteEvalData`; removed in 0.3.0. */
export type DeleteEvalData = Schemas.DeleteEvalData;
/** @deprecated Use `Schemas.DeleteEvalResponse`; removed in 0.3.0. */
export type DeleteEvalResponse = Schemas.DeleteEvalResponse;
/** @deprecated Use `Schemas.DeleteEvalRunData`; removed in 0.3.0. */
export type DeleteEvalRunData = Schemas.DeleteEvalRunData;
/** @deprecated Use `Schemas.DeleteEvalRunResponse`; removed in 0.3.0. */
export type DeleteEvalRunResponse = Schemas.DeleteEvalRunResponse;
/** @deprecated Use `Schemas.GetEvalData`; removed in 0.3.0. */
export type GetEvalData = Schemas.GetEvalData;
/** @deprecated Use `Schemas.GetEvalRunData`; removed in 0.3.0. */
export type GetEvalRunData = Schemas.GetEvalRunData;
/** @deprecated Use `Schemas.GetEvalRunOutputItemData`; removed in 0.3.0. */
export type GetEvalRunOutputItemData = Schemas.GetEvalRunOutputItemData;
/** @deprecated Use `Schemas.GetEvalRunOutputItemsData`; removed in 0.3.0. */
export type GetEvalRunOutputItemsData = Schemas.GetEvalRunOutputItemsData;
/** @deprecated Use `Schemas.GetEvalRunsData`; removed in 0.3.0. */
export type GetEvalRunsData = Schemas.GetEvalRunsData;
/** @deprecated Use `Schemas.ListEvalsData`; removed in 0.3.0. */
export type ListEvalsData = Schemas.ListEvalsData;
/** @deprecated Use `Schemas.UpdateEvalData`; removed in 0.3.0. */
export type UpdateEvalData = Schemas.UpdateEvalData;
