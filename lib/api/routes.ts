// Every /api/v1 endpoint. app/api/v1/**/route.ts files implement these; openapi.ts documents them;
// app/api/v1/routes.int.test.ts checks both directions (every spec has a handler and vice versa).
import { z } from "zod";
import { defineRoute } from "@/lib/api/define-route";
import { ZIdParam } from "@/lib/api/schemas/common";
import {
  ZEvaluateRequest, ZEvaluateResponse, ZLaunchRequest, ZLaunchResponse, ZResumeRequest, ZResumeResponse, ZRunDetail, ZRunListQuery, ZRunListResponse,
  ZRunMetricsQuery, ZRunMetricsResponse, ZStopRequest, ZStopResponse,
} from "@/lib/api/schemas/runs";
import {
  ZPresetCreateRequest, ZPresetDetail, ZPresetExportQuery, ZPresetImportQuery, ZPresetImportResponse, ZPresetListQuery,
  ZPresetListResponse, ZPresetUpdateRequest, ZPresetVersionResponse,
} from "@/lib/api/schemas/presets";
import {
  ZAdoptableResponse, ZAdoptRequest, ZAdoptResponse, ZClusterListResponse, ZClusterSummary, ZHostDetectResponse, ZHostGpusResponse, ZHostListResponse,
  ZHostProfileRequest, ZHostProfileResponse, ZImportListResponse, ZImportRequest, ZImportStartResponse,
} from "@/lib/api/schemas/hosts";
import { ZClusterInput } from "@/lib/slurm/cluster-input";
import { ZYamlText } from "@/lib/presets/preset-input";
import {
  ZSweepCancelResponse, ZSweepCreateRequest, ZSweepCreateResponse, ZSweepDetail, ZSweepListQuery, ZSweepListResponse, ZSweepPromoteRequest, ZSweepPromoteResponse,
} from "@/lib/api/schemas/sweeps";

export const API = {
  runsList: defineRoute({ method: "GET", path: "/runs", tag: "runs", role: "VIEWER", summary: "List runs, newest first",
    query: ZRunListQuery, response: ZRunListResponse }),
  runsLaunch: defineRoute({ method: "POST", path: "/runs", tag: "runs", role: "OPERATOR", summary: "Launch a run from a preset",
    description: "Creates a QUEUED run; it starts when its GPUs are free. Overrides are validated like the preset.",
    body: ZLaunchRequest, response: ZLaunchResponse, status: 201, audit: { action: "run.launch", targetType: "run" } }),
  runsGet: defineRoute({ method: "GET", path: "/runs/{id}", tag: "runs", role: "VIEWER", summary: "One run: status, progress, config, outcome",
    params: ZIdParam, response: ZRunDetail }),
  runsMetrics: defineRoute({ method: "GET", path: "/runs/{id}/metrics", tag: "runs", role: "VIEWER", summary: "Metric series, bucketed to at most ~maxPoints per series",
    params: ZIdParam, query: ZRunMetricsQuery, response: ZRunMetricsResponse }),
  runsStop: defineRoute({ method: "POST", path: "/runs/{id}/stop", tag: "runs", role: "OPERATOR", summary: "Graceful stop (LLaMA-Factory saves, then exits)",
    params: ZIdParam, body: ZStopRequest, response: ZStopResponse, audit: { action: "run.stop", targetType: "run", data: { kind: "GRACEFUL" } } }),
  runsKill: defineRoute({ method: "POST", path: "/runs/{id}/kill", tag: "runs", role: "OPERATOR", summary: "Kill (SIGABRT → SIGTERM → SIGKILL, verified on the host)",
    description: "A queued run is cancelled without touching the host. Killing twice is one kill.",
    params: ZIdParam, body: ZStopRequest, response: ZStopResponse, audit: { action: "run.stop", targetType: "run", data: { kind: "KILL" } } }),
  runsResume: defineRoute({ method: "POST", path: "/runs/{id}/resume", tag: "runs", role: "OPERATOR", summary: "Resume a stopped/killed/failed run from a checkpoint (a child run)",
    params: ZIdParam, body: ZResumeRequest, response: ZResumeResponse, status: 201, audit: { action: "run.resume", targetType: "run" } }),
  runsEvaluate: defineRoute({ method: "POST", path: "/runs/{id}/evaluate", tag: "runs", role: "OPERATOR", summary: "Evaluate a checkpoint: a predict run on an eval dataset, linked to this run",
    description: "Queues a run of `llamafactory-cli train` with do_predict and predict_with_generate on the checkpoint (LoRA: as adapter_name_or_path), on the same host. Its predict_results.json scores appear under this run's `evaluation.evaluations`.",
    params: ZIdParam, body: ZEvaluateRequest, response: ZEvaluateResponse, status: 201, audit: { action: "run.evaluate", targetType: "run" } }),

  presetsList: defineRoute({ method: "GET", path: "/presets", tag: "presets", role: "VIEWER", summary: "List presets",
    query: ZPresetListQuery, response: ZPresetListResponse }),
  presetsCreate: defineRoute({ method: "POST", path: "/presets", tag: "presets", role: "OPERATOR", summary: "Create a preset from YAML (version 1)",
    body: ZPresetCreateRequest, response: ZPresetVersionResponse, status: 201, audit: { action: "preset.create", targetType: "preset" } }),
  presetsImport: defineRoute({ method: "POST", path: "/presets/import", tag: "presets", role: "OPERATOR", summary: "Import a YAML file as a preset (new, or a new version)",
    description: "The request body is the YAML text itself, stored byte for byte.",
    query: ZPresetImportQuery, body: ZYamlText, bodyKind: "yaml", response: ZPresetImportResponse, audit: { action: "preset.import", targetType: "preset" } }),
  presetsGet: defineRoute({ method: "GET", path: "/presets/{id}", tag: "presets", role: "VIEWER", summary: "One preset with its versions (id or name)",
    params: ZIdParam, response: ZPresetDetail }),
  presetsUpdate: defineRoute({ method: "PUT", path: "/presets/{id}", tag: "presets", role: "OPERATOR", summary: "Save a new version (id or name)",
    params: ZIdParam, body: ZPresetUpdateRequest, response: ZPresetVersionResponse, audit: { action: "preset.save", targetType: "preset" } }),
  presetsExport: defineRoute({ method: "GET", path: "/presets/{id}/export", tag: "presets", role: "VIEWER", summary: "Export a version as YAML (the saved bytes)",
    params: ZIdParam, query: ZPresetExportQuery, response: z.string(), responseKind: "yaml" }),

  hostsList: defineRoute({ method: "GET", path: "/hosts", tag: "hosts", role: "VIEWER", summary: "List GPU hosts (never their keys)",
    response: ZHostListResponse }),
  hostsGpus: defineRoute({ method: "GET", path: "/hosts/{id}/gpus", tag: "hosts", role: "VIEWER", summary: "A host's GPUs and the runs holding them (id or name)",
    params: ZIdParam, response: ZHostGpusResponse }),
  hostsProfileGet: defineRoute({ method: "GET", path: "/hosts/{id}/profile", tag: "hosts", role: "VIEWER", summary: "A host's runtime profile and its last runtime probe (id or name)",
    params: ZIdParam, response: ZHostProfileResponse }),
  hostsProfilePut: defineRoute({ method: "PUT", path: "/hosts/{id}/profile", tag: "hosts", role: "ADMIN", summary: "Save a new runtime profile version and probe LLaMA-Factory through it",
    params: ZIdParam, body: ZHostProfileRequest, response: ZHostProfileResponse, audit: { action: "host.profile.save", targetType: "host" } }),
  hostsProfileDetect: defineRoute({ method: "POST", path: "/hosts/{id}/profile/detect", tag: "hosts", role: "ADMIN", summary: "Look for LLaMA-Factory layouts on the host over SSH",
    params: ZIdParam, response: ZHostDetectResponse }),
  hostsImportsStart: defineRoute({ method: "POST", path: "/hosts/{id}/imports", tag: "hosts", role: "OPERATOR", summary: "Import every LLaMA-Factory output dir under a host folder as IMPORTED runs",
    description: "Queues an import (curves, verdicts, final metrics). Importing the same folder again adds nothing; an import of the same folder still running is returned instead of a second one.",
    params: ZIdParam, body: ZImportRequest, response: ZImportStartResponse, status: 202, audit: { action: "host.import", targetType: "host" } }),
  hostsImportsList: defineRoute({ method: "GET", path: "/hosts/{id}/imports", tag: "hosts", role: "VIEWER", summary: "A host's imports, newest first: status, counts, progress, errors",
    params: ZIdParam, response: ZImportListResponse }),
  hostsAdoptable: defineRoute({ method: "GET", path: "/hosts/{id}/adoptable", tag: "hosts", role: "VIEWER", summary: "llamafactory-cli trainings running on the host (ps over SSH), adoptable or already ours",
    params: ZIdParam, response: ZAdoptableResponse }),
  hostsAdopt: defineRoute({ method: "POST", path: "/hosts/{id}/adopt", tag: "hosts", role: "OPERATOR", summary: "Adopt a hand-started training: a RUNNING run, watched, judged and stoppable",
    description: "Refused (409) when that process is already adopted or was launched by Factory Floor.",
    params: ZIdParam, body: ZAdoptRequest, response: ZAdoptResponse, status: 201, audit: { action: "host.adopt", targetType: "host" } }),

  sweepsList: defineRoute({ method: "GET", path: "/sweeps", tag: "sweeps", role: "VIEWER", summary: "List sweeps, newest first",
    query: ZSweepListQuery, response: ZSweepListResponse }),
  sweepsCreate: defineRoute({ method: "POST", path: "/sweeps", tag: "sweeps", role: "OPERATOR", summary: "Start a sweep (grid or random search) from a preset",
    description: "Validates the spec (field errors name the key, e.g. spec.space.learning_rate.min), draws the trials (seeded) and lints each trial's config; the worker launches them through the GPU queue, at most `concurrency` at once.",
    body: ZSweepCreateRequest, response: ZSweepCreateResponse, status: 201, audit: { action: "sweep.create", targetType: "sweep" } }),
  sweepsGet: defineRoute({ method: "GET", path: "/sweeps/{id}", tag: "sweeps", role: "VIEWER", summary: "One sweep: spec, trials, their runs, best eval loss and stop reasons",
    params: ZIdParam, response: ZSweepDetail }),
  sweepsPromote: defineRoute({ method: "POST", path: "/sweeps/{id}/promote", tag: "sweeps", role: "OPERATOR", summary: "Save the best (or a chosen) trial's values as the preset's next version",
    params: ZIdParam, body: ZSweepPromoteRequest, response: ZSweepPromoteResponse, status: 201, audit: { action: "sweep.promote", targetType: "sweep" } }),
  sweepsCancel: defineRoute({ method: "POST", path: "/sweeps/{id}/cancel", tag: "sweeps", role: "OPERATOR", summary: "Cancel: no new trials; live trials get a graceful stop (best checkpoint kept)",
    params: ZIdParam, response: ZSweepCancelResponse, audit: { action: "sweep.cancel", targetType: "sweep" } }),

  clustersList: defineRoute({ method: "GET", path: "/clusters", tag: "hosts", role: "VIEWER", summary: "List Slurm clusters (never their keys)",
    response: ZClusterListResponse }),
  clustersCreate: defineRoute({ method: "POST", path: "/clusters", tag: "hosts", role: "ADMIN", summary: "Register a Slurm cluster: its login node (pinned host key) and sbatch defaults",
    description: "Reads the partition's nodes with sinfo over the pinned connection (GPUs per node from the gpu GRES); the login node becomes a host row with a runtime profile.",
    body: ZClusterInput, response: ZClusterSummary, status: 201, audit: { action: "slurm.create", targetType: "slurm_cluster" } }),

  openapi: defineRoute({ method: "GET", path: "/openapi.json", tag: "meta", role: "VIEWER", summary: "This document", response: z.record(z.string(), z.unknown()) }),
};

export type TApiRouteName = keyof typeof API;
