"""nbgrader configuration: each section folder of notebooks/ is one nbgrader assignment.

    .venv/bin/nbgrader generate_assignment 01_framing      # -> build/nbgrader/release/01_framing
    .venv/bin/nbgrader autograde 01_framing                # submissions in build/nbgrader/submitted

See docs/instructors.md.
"""

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.root = "."
c.CourseDirectory.source_directory = "notebooks"
c.CourseDirectory.release_directory = "build/nbgrader/release"
c.CourseDirectory.submitted_directory = "build/nbgrader/submitted"
c.CourseDirectory.autograded_directory = "build/nbgrader/autograded"
c.CourseDirectory.feedback_directory = "build/nbgrader/feedback"
c.CourseDirectory.db_url = "sqlite:///build/nbgrader/gradebook.db"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__"]
c.CourseDirectory.course_id = "pmle-hands-on"
c.ClearSolutions.enforce_metadata = True
c.ExecutePreprocessor.timeout = 600
