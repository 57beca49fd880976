"""Import roots: the folders on ``sys.path``, from which every module's dotted path is read.

A task registers under its module's ``__name__`` (Celery's
``gen_task_name``), and that name depends on which folder the program puts
on ``sys.path``, which no file declares. The repository holds the evidence:
``tree`` indexes the Python files, ``text``, ``workdir`` and ``packaging``
read evidence from text before extraction, ``imports`` from the absolute
imports extraction found, and ``decide`` turns it into ``Roots``
(precedence in its docstring; docs/accuracy.md).
"""
