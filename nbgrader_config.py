"""nbgrader configuration for the dl4ds-diffusion lessons (TypeScript, dl4ds kernel).

Use it as the nbgrader_config.py of a course folder (copy it there, or load it from the course's
own config with `load_subconfig`). See docs/grading.md, "Grading with nbgrader".
"""
c = get_config()  # noqa: F821 (provided by nbgrader)

# Solutions sit between `// BEGIN SOLUTION` and `// END SOLUTION`; nbgrader matches the words.
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
# The stub students see; keyed by the notebook's kernelspec language ("typescript").
c.ClearSolutions.code_stub = {
    "typescript": '// YOUR CODE HERE\nthrow new Error("Not implemented");',
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
}
c.ClearSolutions.enforce_metadata = True

# Hidden tests between `// BEGIN HIDDEN TESTS` and `// END HIDDEN TESTS`.
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"

# Run every notebook with the dl4ds kernel, whatever the submission's metadata says.
c.Execute.kernel_name = "dl4ds"
# Per-cell timeout in seconds (training cells in the lessons can take minutes).
c.Execute.timeout = 300
c.Execute.interrupt_on_timeout = True
# The kernel starts Node and TypeScript; give it time on a busy machine.
c.Execute.startup_timeout = 120

# Student versions and feedback should not carry the instructor's outputs.
c.ClearOutput.enabled = True
