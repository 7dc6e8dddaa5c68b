# A tiny Sphinx book, as a course's chapters are built (d2lbook builds Sphinx
# HTML the same way): the <mtl-lab> end-to-end test (tests/e2e/sphinx.test.mjs)
# builds it with sphinx-build and serves it on one origin, the lab's dist/ on
# another. The book loads the lab's one script in every page's head, as a course
# would from its own copy of dist/: MTL_LAB_SCRIPT is that script's URL.
import os

project = "MTL Playground course test"
author = "MTL Playground"
extensions = []
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_js_files = [os.environ.get("MTL_LAB_SCRIPT", "https://course.example/mtl-lab/mtl-lab.js")]
# a course book has its icon (without one, Chromium's request for /favicon.ico is a
# 404 the test would read as the page's console error)
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
