"""``python -m infralint``.

``-m`` puts the current directory first on ``sys.path``: in a scanned checkout, its ``yaml.py``
would be imported instead of PyYAML, and a folder named ``infralint`` (a clone's parent
directory) would hide this package. The current directory is taken off the path first.
"""

import os
import sys

if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]
if getattr(sys.modules.get("infralint"), "__file__", None) is None:
    del sys.modules["infralint"]  # a namespace package made of the current directory's folder

from infralint.cli import main  # noqa: E402

main(prog_name="infralint")
