/** Saves text as a file exactly as stored: a Blob of the string, no re-serialisation. */
export function downloadYaml(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/x-yaml" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const yamlFileName = (presetName: string, version: number) =>
  `${presetName.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "") || "preset"}-v${version}.yaml`;
