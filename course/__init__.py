"""淘宝网店金牌客服 — learner-side package: shop data, domain rules and calculations, widgets.

Domain modules (``data``, ``rules``, ``kpi`` …) are pure Python and pandas;
widgets live in ``course.ui`` and only call them.
"""

__version__ = "0.1.0"
