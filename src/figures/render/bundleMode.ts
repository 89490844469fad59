/**
 * Which MIME types a figure renders. While `dl4ds grade` runs a submission (DL4DS_GRADING=1 in the kernel), nobody
 * looks at the pictures: a figure sends only its spec (which JupyterLab draws when the instructor opens the graded
 * notebook) and its one-line description, and skips rendering SVG/PNG/HTML. DL4DS_GRADING_FIGURES=full renders
 * them anyway.
 */
import { configFrom } from "../../config";

/** True when figures should send only their spec and description. */
export function specOnlyFigures(env: NodeJS.ProcessEnv = process.env): boolean {
  const settings = configFrom(env);
  return settings.grading && settings.gradingFigures !== "full";
}
