/** One finding, named by the key it is about ("" when it concerns the whole file). */
export type TIssue = { key: string; message: string };
export type TLintResult = { ok: boolean; errors: TIssue[]; warnings: TIssue[] };
export type TConfig = Record<string, unknown>;
