"""nbgrader on the hub, for every user: the project's settings (TypeScript stubs, the dl4ds kernel),
the course id, the shared exchange folder, the instructor's course folder, and autograding with
the dl4ds kernel inside the bubblewrap sandbox of `dl4ds grade` (src/grading/python/nbgrader_sandbox.py)."""
import os
import sys

c = get_config()  # noqa: F821 (provided by nbgrader)
# The project is three folders up (hub/config/common/); DL4DS_PROJECT overrides it.
project = os.environ.get("DL4DS_PROJECT") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
load_subconfig(os.path.join(project, "nbgrader_config.py"))  # noqa: F821

c.CourseDirectory.course_id = os.environ.get("DL4DS_COURSE_ID", "dl4ds")
# A folder every user's server can write: on one machine any folder (nbgrader's default below);
# on Kubernetes a volume mounted into every user's pod (docs/course.md).
c.Exchange.root = os.environ.get("DL4DS_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
if os.environ.get("DL4DS_COURSE_ROOT"):
    c.CourseDirectory.root = os.environ["DL4DS_COURSE_ROOT"]
if os.environ.get("DL4DS_STUDENT_ID"):
    # Submissions and feedback go by the hub's user name, not the Unix user (shared on this hub).
    c.CourseDirectory.student_id = os.environ["DL4DS_STUDENT_ID"]

if os.environ.get("DL4DS_NBGRADER_SANDBOX", "1") == "1":
    sys.path.insert(0, os.path.join(project, "src", "grading", "python"))
    c.Execute.kernel_manager_class = "nbgrader_sandbox.NbgraderSandboxedKernelManager"
