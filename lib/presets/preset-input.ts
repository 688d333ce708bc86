import { z } from "zod";
import { MAX_YAML_BYTES } from "@/lib/presets/yaml";

// Names show up in lists, audit rows and file names of exports: printable, one line, bounded.
export const ZPresetName = z.string().trim().min(1, "Name is required.").max(100, "Name is at most 100 characters.")
  .regex(/^[^\u0000-\u001f\u007f/\\]+$/, "Name cannot contain control characters or slashes.");
export const ZPresetDescription = z.string().trim().max(1000, "Description is at most 1000 characters.");
export const ZYamlText = z.string().min(1, "The YAML is empty.").refine((t) => new TextEncoder().encode(t).length <= MAX_YAML_BYTES,
  `The YAML is larger than ${MAX_YAML_BYTES / 1024} KiB.`);
export const ZVersionMessage = z.string().trim().max(500, "Message is at most 500 characters.");
export const ZId = z.string().min(1).max(64);
