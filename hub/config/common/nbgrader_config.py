"""nbgrader on the hub, for every user: the project's settings (TypeScript stubs, the dl4ds kernel),
the course id, the shared exchange folder, the instructor's course folder, and autograding with
the dl4ds kernel inside the bubblewrap sandbox of `dl4ds grade` (src/grading/python/nbgrader_sandbox.py)."""
import os
import sys

c = get_config()  # noqa: F821 (provided by nbgrader)
project = os.environ["DL4DS_PROJECT"]
load_subconfig(os.path.join(project, "nbgrader_config.py"))  # noqa: F821

c.CourseDirectory.course_id = os.environ.get("DL4DS_COURSE_ID", "dl4ds")
c.Exchange.root = os.environ["DL4DS_EXCHANGE_ROOT"]
if os.environ.get("DL4DS_COURSE_ROOT"):
    c.CourseDirectory.root = os.environ["DL4DS_COURSE_ROOT"]
if os.environ.get("DL4DS_STUDENT_ID"):
    # Submissions and feedback go by the hub's user name, not the Unix user (shared on this hub).
    c.CourseDirectory.student_id = os.environ["DL4DS_STUDENT_ID"]

if os.environ.get("DL4DS_NBGRADER_SANDBOX", "1") == "1":
    sys.path.insert(0, os.path.join(project, "src", "grading", "python"))
    c.Execute.kernel_manager_class = "nbgrader_sandbox.NbgraderSandboxedKernelManager"
