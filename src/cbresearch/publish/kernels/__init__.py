"""The kernels the notebooks run in: execution and conversion, the forked template process, memory limits.

:mod:`.notebooks` executes and converts notebooks (papermill, nbconvert),
:mod:`.kernel` is a kernel manager without fixed waits, :mod:`.zygote` forks
kernels from a process that has imported everything, :mod:`.limits` caps
their memory.

May import: ``report``, ``tables``, ``figures``, ``text``, ``pages``, ``typeface`` and the layers below.
Never ``batch``, ``course`` or ``catalogue``.
"""
