"""taskaudit: a static audit of Celery task conventions in Django projects.

taskaudit reads a repository's text and syntax trees; it never imports,
executes or evaluates the code it scans.
"""

from __future__ import annotations

__version__ = "0.1.0"
