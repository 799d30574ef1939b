"""Notebooks as documents: the project's kernel, executing a notebook, and converting it to an offline page.

Shared by the report batch (:mod:`cbresearch.publish.batch`) and the course
(:mod:`cbresearch.publish.course.exercises`).  nbconvert, nbclient and jupyter_client
are imported inside the functions: ``import cbresearch`` must not pay for them.

Examples
--------
>>> KERNEL_NAME
'cbresearch'
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..pages import TEMPLATES_DIR

KERNEL_NAME = "cbresearch"
KERNEL_DISPLAY_NAME = "Python (cbresearch)"
#: the nbconvert template (in publish/templates): the lab template without its CDN scripts
OFFLINE_TEMPLATE = "offline"


def ensure_kernel() -> str:
    """Make sure the project's kernel is registered in this environment, installing it if needed.

    Examples
    --------
    >>> ensure_kernel()
    'cbresearch'
    """
    from jupyter_client.kernelspec import KernelSpecManager

    if KERNEL_NAME not in KernelSpecManager().find_kernel_specs():
        from ipykernel.kernelspec import install

        install(kernel_name=KERNEL_NAME, display_name=KERNEL_DISPLAY_NAME, prefix=sys.prefix)
    return KERNEL_NAME


def execute_notebook(notebook, cwd: Path, kernel_name: str = KERNEL_NAME, timeout: int = 600):
    """Execute a notebook in place with nbclient, in folder ``cwd``, and return it.

    Raises nbclient's ``CellExecutionError`` when a cell raises.

    Examples
    --------
    >>> import nbformat, tempfile
    >>> notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     executed = execute_notebook(notebook, Path(d))  # doctest: +SLOW
    >>> executed.cells[0].outputs[0]["text"]  # doctest: +SLOW
    '42\\n'
    """
    from nbclient import NotebookClient

    if kernel_name == KERNEL_NAME:
        ensure_kernel()
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name=kernel_name, resources={"metadata": {"path": str(cwd)}},
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # not its "running over TCP" warning on every start
    )  # fmt: skip
    client.execute()
    return notebook


class HtmlConverter:
    """An nbconvert HTML exporter built once and reused for every notebook (the template is compiled once).

    Parameters
    ----------
    keep_code : bool
        Show code cells (and the parameters cell); by default only outputs and prose are shown.

    Examples
    --------
    >>> import nbformat
    >>> converter = HtmlConverter()
    >>> notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Ciao")])
    >>> page = converter.convert_node(notebook, "Prova")
    >>> "<title>Prova</title>" in page, "//cdn" in page.lower()  # no script or style from a CDN
    (True, False)
    """

    def __init__(self, keep_code: bool = False):
        from nbconvert import HTMLExporter
        from traitlets.config import Config

        settings = Config()
        settings.TagRemovePreprocessor.enabled = True
        settings.TagRemovePreprocessor.remove_cell_tags = ("injected-parameters", "parameters")
        settings.HTMLExporter.exclude_input = not keep_code
        settings.HTMLExporter.exclude_input_prompt = True
        settings.HTMLExporter.exclude_output_prompt = True
        settings.HTMLExporter.embed_images = True
        settings.HTMLExporter.language_code = "it"  # an ISO 639-1 code (nbconvert's rule); the PDF's /Lang
        self.exporter = HTMLExporter(
            config=settings, template_name=OFFLINE_TEMPLATE, extra_template_basedirs=[str(TEMPLATES_DIR)]
        )
        if keep_code:  # show the parameters too: whoever keeps the code wants to see how it ran
            self.exporter.register_preprocessor("nbconvert.preprocessors.TagRemovePreprocessor", enabled=False)

    def convert_node(self, notebook, title: str) -> str:
        """Return the HTML page of a notebook object."""
        from ..typeface import font_face_css

        notebook.metadata["title"] = title
        body, _ = self.exporter.from_notebook_node(notebook, resources={"cb_font_css": font_face_css()})
        return body

    def convert(self, notebook_path: Path, title: str) -> str:
        """Return the HTML page of an executed notebook file."""
        import nbformat

        return self.convert_node(nbformat.read(notebook_path, as_version=4), title)
