"""Resource limits of one graded notebook, set in ``nbgrader_config.py`` as ``c.SandboxLimits…``."""

from __future__ import annotations

from traitlets import Float, Int
from traitlets.config import Config, Configurable


class SandboxLimits(Configurable):
    """What one notebook may use while it is graded."""

    cell_seconds = Float(
        60.0, help="每个单元格最多运行的秒数。没有设置时使用 nbgrader 的 c.Execute.timeout。",
    ).tag(config=True)
    notebook_seconds = Float(
        600.0, help="整份作业最多运行的秒数（至少是单元格上限的 4 倍）。",
    ).tag(config=True)
    memory_bytes = Int(
        2 * 1024**3, help="每份作业可用的内存（字节），默认 2 GiB。",
    ).tag(config=True)
    processes = Int(
        64, help="每份作业的学生代码最多同时存在的进程数。",
    ).tag(config=True)
    file_bytes = Int(
        64 * 1024**2, help="学生代码写出的单个文件的最大字节数，默认 64 MiB。",
    ).tag(config=True)
    open_files = Int(256, help="学生代码同时打开的文件数上限。").tag(config=True)
    output_chars = Int(
        256 * 1024, help="每个单元格保留的文本输出字符数，超出的部分截断并注明。",
    ).tag(config=True)
    output_bytes = Int(
        8 * 1024**2, help="整份作业所有输出（文字、图片、表格）合计的最大字节数，默认 8 MiB；"
                          "超出的输出在评分时省略并注明。",
    ).tag(config=True)
    scratch_bytes = Int(
        256 * 1024**2, help="学生代码可写的临时文件夹（/tmp）的大小上限，默认 256 MiB。",
    ).tag(config=True)
    shm_bytes = Int(
        64 * 1024**2, help="学生代码可用的共享内存（/dev/shm）大小上限，默认 64 MiB。",
    ).tag(config=True)
    value_bytes = Int(
        8 * 1024**2, help="一个答案（变量）交给测试进程时的最大字节数，默认 8 MiB；"
                          "更大的答案按“类型不支持”处理。",
    ).tag(config=True)
    grace_seconds = Float(
        5.0, help="单元格超时后再等多少秒；仍没有结果就强制结束这份作业。",
    ).tag(config=True)

    @classmethod
    def from_config(cls, config: Config) -> SandboxLimits:
        """The limits of a course; the cell limit defaults to nbgrader's ``Execute.timeout``."""
        limits = cls(config=config)
        section = config.get("SandboxLimits", {})
        timeout = config.get("Execute", {}).get("timeout")
        if "cell_seconds" not in section and timeout and timeout > 0:
            limits.cell_seconds = float(timeout)
        if "notebook_seconds" not in section:
            limits.notebook_seconds = max(limits.notebook_seconds, 4 * limits.cell_seconds)
        return limits

    def for_child(self, student_uid: int | None = None, tester_uid: int | None = None) -> dict:
        """What the zygote applies to a notebook's processes (plain data for the protocol).

        ``memory_bytes`` bounds each process and ``tree_memory_bytes`` all of the
        learner's processes together.
        """
        return {"cpu_seconds": int(self.notebook_seconds) + 5, "memory_bytes": self.memory_bytes,
                "tree_memory_bytes": self.memory_bytes, "processes": self.processes,
                "file_bytes": self.file_bytes, "open_files": self.open_files,
                "output_chars": self.output_chars, "scratch_bytes": self.scratch_bytes,
                "shm_bytes": self.shm_bytes, "value_bytes": self.value_bytes,
                "student_uid": student_uid, "tester_uid": tester_uid}
