"""No kernels in the Formgrader service (``--ServerApp.kernel_spec_manager_class``).

The Formgrader is a whole Jupyter server running as the course's owner (root in the
demo). Teachers and TAs grade in it; they must not run code in it: this kernel-spec
manager knows no kernel, so ``POST /api/kernels`` fails and the Launcher shows none.
(Grading itself never asks this server for a kernel: the engine starts its own sandboxed
processes.) Terminals are switched off on the command line (``terminals_enabled``).
"""

from __future__ import annotations

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel


class NoKernelSpecs(KernelSpecManager):
    """A kernel-spec manager with no kernels at all."""

    def find_kernel_specs(self) -> dict[str, str]:
        return {}

    def get_all_specs(self) -> dict:
        return {}

    def get_kernel_spec(self, kernel_name: str):
        raise NoSuchKernel(kernel_name)
