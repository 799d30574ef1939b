"""The course: exercises and their checks, the learner's and trainer's copies, the course website.

May import: ``kernels``, ``report``, ``tables``, ``figures``, ``text``, ``pages`` and the layers below.
Never ``batch``.
"""
