/**
 * A course on JupyterHub, end to end on 127.0.0.1: `dl4ds hub` (the real JupyterHub from PyPI and
 * configurable-http-proxy from npm, hub/jupyterhub_config.py) with an instructor and three
 * students who log in, get JupyterLab with the dl4ds kernel and the lessons, and run lesson 18.1
 * over the kernel's websocket; then nbgrader's exchange between them through the servers' own
 * nbgrader extensions (the Formgrader's and the Assignments tab's REST calls): release → fetch →
 * submit → collect → autograde (the dl4ds kernel in the bubblewrap sandbox) → feedback → fetch
 * feedback. Every process the hub started is gone at the end.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiToken, call, formLogin, Hub, ROOT, runCells, startHub, startServer, stopHub } from "./harness";

const STUDENTS = ["ada", "ben", "cleo"];
const INSTRUCTOR = "instructor";
const LESSON = "18.1-diffusion-encoder";
const FIXTURE = path.join(ROOT, "tests", "fixtures", "grading", "source", "add.ipynb");
const COURSE = "dl4ds";
const SCALE = "function scale(xs: number[], k: number): number[] {\n  return xs.map((x) => x * k);\n}";

type Notebook = { cells: Array<{ cell_type: string; source: string | string[]; metadata: { nbgrader?: { grade_id?: string } }; outputs?: Array<{ text?: string | string[]; output_type: string; ename?: string; evalue?: string }> }> };
const src = (c: { source: string | string[] }) => (Array.isArray(c.source) ? c.source.join("") : c.source);

let hub: Hub;
let state: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  state = fs.mkdtempSync(path.join(os.tmpdir(), "dl4ds-hub-test-"));
  hub = await startHub(state);
  // Log in through the login form (creates the users), then get each user's API token by password.
  for (const user of [INSTRUCTOR, ...STUDENTS]) {
    const password = user === INSTRUCTOR ? hub.adminPassword : hub.userPassword;
    const login = await formLogin(hub, user, password);
    expect(login.status, `${user}'s login`).toBe(302);
    expect(login.location).toMatch(/\/hub\/spawn|\/hub\/?$|\/user\//);
    const t = await apiToken(hub, user, password);
    expect(t.status).toBe(201);
    tokens[user] = t.token!;
  }
  await Promise.all([INSTRUCTOR, ...STUDENTS].map((u) => startServer(hub, u, tokens[u])));
}, 400_000);

afterAll(async () => {
  if (hub) {
    const left = await stopHub(hub);
    if (process.env.DL4DS_HUB_TEST_KEEP !== "1") fs.rmSync(state, { recursive: true, force: true });
    expect(left, `processes left after the hub stopped:\n${hub.log().slice(-2000)}`).toEqual([]);
  }
}, 120_000);

describe("JupyterHub for the lessons (dl4ds hub)", () => {
  it("refuses a wrong password and a student's password for the instructor", async () => {
    expect((await formLogin(hub, "ada", "wrong-password")).status).not.toBe(302);
    expect((await apiToken(hub, "ada", "wrong-password")).status).toBe(403);
    expect((await formLogin(hub, INSTRUCTOR, hub.userPassword)).status).not.toBe(302);
  });

  it("gives everyone JupyterLab with the dl4ds kernel; students their released lessons, the instructor the course with nbgrader's Formgrader", async () => {
    for (const user of [INSTRUCTOR, ...STUDENTS]) {
      const specs = (await call(hub, tokens[user], "GET", `/user/${user}/api/kernelspecs`)).json();
      expect(Object.keys(specs.kernelspecs)).toContain("dl4ds");
      const lab = await call(hub, tokens[user], "GET", `/user/${user}/lab`);
      expect(lab.status).toBe(200);
      expect(lab.text).toContain("jupyter-config-data");
      const formgrader = await call(hub, tokens[user], "GET", `/user/${user}/formgrader/api/status`);
      if (user === INSTRUCTOR) {
        expect(formgrader.status).toBe(200);
        expect(lab.text).not.toContain("@jupyter/nbgrader:formgrader");
        const course = (await call(hub, tokens[user], "GET", `/user/${user}/api/contents/course/source`)).json();
        expect(course.content.map((c: { name: string }) => c.name)).toContain(LESSON);
      } else {
        expect(formgrader.status).toBe(404);
        expect(lab.text).toContain("@jupyter/nbgrader:formgrader"); // disabled in the student's page config
        const lessons = (await call(hub, tokens[user], "GET", `/user/${user}/api/contents/lessons`)).json();
        expect(lessons.content.map((c: { name: string }) => c.name)).toContain(`${LESSON}.ipynb`);
      }
    }
  });

  it("keeps each student out of the others' servers", async () => {
    expect((await call(hub, tokens.ada, "GET", "/user/ben/api/contents")).status).toBe(403);
    expect([403, 404]).toContain((await call(hub, tokens.ben, "DELETE", "/hub/api/users/cleo/server")).status);
    expect((await call(hub, tokens.cleo, "GET", "/hub/api/users/cleo")).json().servers[""].ready).toBe(true);
  });

  it("runs lesson 18.1: the instructor all of it; each student up to the first use of the first exercise, the stub failing its test, then the answer passing it", async () => {
    const source = JSON.parse(fs.readFileSync(path.join(ROOT, "notebooks", `${LESSON}.ipynb`), "utf8")) as Notebook;
    const code = source.cells.filter((c) => c.cell_type === "code");
    const firstTest = code.findIndex((c) => c.metadata.nbgrader?.grade_id === "test-diffuse-one-step");
    const solution = src(code[firstTest - 1]);
    const firstUse = code.findIndex((c) => src(c).startsWith("const rows = diffuse(x, T)")); // calls the student's diffuseOneStep
    expect(firstUse).toBeGreaterThan(firstTest);
    const student = async (user: string) => {
      const released = (await call(hub, tokens[user], "GET", `/user/${user}/api/contents/lessons/${LESSON}.ipynb?content=1`)).json().content as Notebook;
      const cells = released.cells.filter((c) => c.cell_type === "code").slice(0, firstUse + 1).map(src);
      expect(cells[firstTest - 1]).toMatch(/throw new Error\("Not implemented"\)/);
      // The stub, its failing test and the reference the lesson falls back to; then the student's answer and the test again.
      return runCells(hub, user, tokens[user], `lessons/${LESSON}.ipynb`, [...cells, solution, cells[firstTest]]);
    };
    const [whole, ...students] = await Promise.all([
      runCells(hub, INSTRUCTOR, tokens[INSTRUCTOR], `course/source/${LESSON}/${LESSON}.ipynb`),
      ...STUDENTS.map(student),
    ]);
    expect(whole.length).toBe(code.length);
    expect(whole.filter((c) => c.status !== "ok")).toEqual([]);
    // Nine figures, each a Vega-Lite or Plotly bundle (as `npm run notebooks` counts them).
    expect(whole.flatMap((c) => c.mimes).filter((m) => /vegalite|plotly/.test(m)).length).toBeGreaterThanOrEqual(9);
    expect(whole.flatMap((c) => c.mimes)).toContain("application/vnd.jupyter.widget-view+json"); // the slider
    expect(whole.flatMap((c) => c.output_types)).not.toContain("stream:stderr");
    for (const cells of students) {
      const n = firstUse + 1;
      expect(cells.slice(0, firstTest - 1).filter((c) => c.status !== "ok")).toEqual([]);
      expect(cells[firstTest - 1].status).toBe("ok"); // defines the stub
      expect(cells[firstTest]).toMatchObject({ status: "error", evalue: "Not implemented" });
      expect(cells.slice(firstTest + 1, n).filter((c) => c.status !== "ok")).toEqual([]);
      expect(cells[firstUse].text).toMatch(/diffuseOneStep is not written yet.*library's reference/); // the lesson goes on with the reference
      expect(cells[n].status).toBe("ok");
      expect(cells[n + 1].status).toBe("ok");
    }
  }, 600_000);
});

describe("nbgrader's exchange on the hub", () => {
  const instructor = (method: string, p: string, body?: unknown) => call(hub, tokens[INSTRUCTOR], method, `/user/${INSTRUCTOR}${p}`, body);
  const student = (user: string, method: string, p: string, body?: unknown) => call(hub, tokens[user], method, `/user/${user}${p}`, body);
  const answers: Record<string, (nb: Notebook) => void> = {
    // right answers
    ada: (nb) => {
      for (const c of nb.cells) if (c.metadata.nbgrader?.grade_id === "add-solution") c.source = "function add(a: number, b: number): number {\n  return a + b;\n}";
      for (const c of nb.cells) if (c.metadata.nbgrader?.grade_id === "scale-solution") c.source = SCALE;
    },
    // hands in the stub unchanged
    ben: () => undefined,
    // looks for the instructor's source (the hidden tests) and the instructor's variables from the graded kernel
    cleo: (nb) => {
      for (const c of nb.cells) {
        if (c.metadata.nbgrader?.grade_id === "add-solution") {
          c.source = [
            'import * as fs from "node:fs";',
            `console.log("SEES-SOURCE", fs.existsSync(${JSON.stringify(path.join(state, "homes", INSTRUCTOR, "course", "source", "add", "add.ipynb"))}));`,
            `console.log("SEES-GRADEBOOK", fs.existsSync(${JSON.stringify(path.join(state, "homes", INSTRUCTOR, "course", "gradebook.db"))}));`,
            'console.log("HOME", process.env.HOME, "TOKEN", process.env.JUPYTERHUB_API_TOKEN ?? "none");',
            "function add(a: number, b: number): number {\n  return a - b;\n}",
          ].join("\n");
        }
        if (c.metadata.nbgrader?.grade_id === "scale-solution") c.source = SCALE;
      }
    },
  };

  it("release → fetch → submit → collect → autograde in the sandbox → feedback → fetch feedback", async () => {
    // The instructor puts the assignment into the course (as an upload in JupyterLab would) and releases it.
    expect((await instructor("PUT", "/api/contents/course/source/add", { type: "directory" })).status).toBeLessThan(300);
    expect((await instructor("PUT", "/api/contents/course/source/add/add.ipynb", { type: "notebook", format: "json", content: JSON.parse(fs.readFileSync(FIXTURE, "utf8")) })).status).toBeLessThan(300);
    const assign = await instructor("POST", "/formgrader/api/assignment/add/assign");
    expect(assign.json().success, assign.text).toBe(true);
    const release = await instructor("POST", "/formgrader/api/assignment/add/release");
    expect(release.json().success, release.text).toBe(true);
    // The exchange is a folder on the hub's machine every server writes into.
    expect(fs.existsSync(path.join(state, "exchange", COURSE, "outbound", "add", "add.ipynb"))).toBe(true);

    for (const user of STUDENTS) {
      const listed = (await student(user, "GET", `/assignments?course_id=${COURSE}`)).json();
      expect(listed.value.map((a: { assignment_id: string; status: string }) => [a.assignment_id, a.status])).toEqual([["add", "released"]]);
      const fetched = await student(user, "POST", "/assignments/fetch", { assignment_id: "add", course_id: COURSE });
      expect(fetched.status, fetched.text).toBe(200);
      const file = `/api/contents/add/add.ipynb`;
      const nb = (await student(user, "GET", `${file}?content=1`)).json().content as Notebook;
      expect(nb.cells.map(src).join("\n")).toContain('throw new Error("Not implemented")');
      expect(nb.cells.map(src).join("\n")).not.toContain("BEGIN HIDDEN TESTS");
      answers[user](nb);
      expect((await student(user, "PUT", file, { type: "notebook", format: "json", content: nb })).status).toBe(200);
      const submitted = await student(user, "POST", "/assignments/submit", { assignment_id: "add", course_id: COURSE });
      expect(submitted.status, submitted.text).toBe(200);
    }

    const collect = await instructor("POST", "/formgrader/api/assignment/add/collect");
    expect(collect.json().success, collect.text).toBe(true);
    for (const u of STUDENTS) {
      const g = await instructor("POST", `/formgrader/api/submission/add/${u}/autograde`);
      expect(g.json().success, g.text).toBe(true);
    }
    const scores = Object.fromEntries(
      ((await instructor("GET", "/formgrader/api/submissions/add")).json() as Array<{ student: string; score: number; max_score: number }>).map((s) => [s.student, [s.score, s.max_score]]),
    );
    expect(scores).toEqual({ ada: [3, 3], ben: [0, 3], cleo: [1, 3] });

    // The graded kernel saw its own folder only: not the course's source, not the gradebook, not the instructor's token.
    const cleo = JSON.parse(fs.readFileSync(path.join(state, "homes", INSTRUCTOR, "course", "autograded", "cleo", "add", "add.ipynb"), "utf8")) as Notebook;
    const printed = cleo.cells.flatMap((c) => c.outputs ?? []).map((o) => (Array.isArray(o.text) ? o.text.join("") : o.text ?? "")).join("");
    expect(printed).toContain("SEES-SOURCE false");
    expect(printed).toContain("SEES-GRADEBOOK false");
    expect(printed).toContain("HOME /grading/home TOKEN none");

    const feedback = await instructor("POST", "/formgrader/api/assignment/add/generate_feedback");
    expect(feedback.json().success, feedback.text).toBe(true);
    const released = await instructor("POST", "/formgrader/api/assignment/add/release_feedback");
    expect(released.json().success, released.text).toBe(true);
    for (const user of STUDENTS) {
      const got = await student(user, "POST", "/assignments/fetch_feedback", { assignment_id: "add", course_id: COURSE });
      expect(got.status, got.text).toBe(200);
      const folder = (await student(user, "GET", "/api/contents/add/feedback")).json().content as Array<{ path: string }>;
      expect(folder.length).toBe(1);
      const page = (await student(user, "GET", `/api/contents/${folder[0].path}/add.html?content=1`)).json().content as string;
      expect(page).toMatch(new RegExp(`Score: ${scores[user][0]}(\\.0)? / 3(\\.0)?`));
    }
  }, 600_000);
});
