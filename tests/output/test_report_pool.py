"""Figures saved by a pool of worker processes (issue 10 item 3) are those saved in-process."""

from __future__ import annotations

from benchmarks.report_scale import synthetic
from childlabour_metrics.analysis.report_data import analyse
from childlabour_metrics.output import report as rep


def test_pool_saves_the_same_figures_as_in_process(tmp_path, monkeypatch):
    data = synthetic(40)
    report = analyse(data["observations"], data["plan"], units=data["units"], lang="vi")
    # the pool saves the comparison figures, drawn when vector figures are asked for
    serial_images, serial = rep.draw_figures(report, tmp_path / "serial", svg=True)
    monkeypatch.setattr(rep, "_POOL_FROM_UNITS", 0)  # the pool even for a small report
    pooled_images, pooled = rep.draw_figures(report, tmp_path / "pooled", svg=True)
    assert [p.name for p in pooled] == [p.name for p in serial]
    assert pooled_images == serial_images  # same PNGs, same order, for the HTML
    for a, b in zip(serial, pooled, strict=True):
        if a.suffix == ".png":
            assert a.read_bytes() == b.read_bytes(), a.name
        else:
            assert b.stat().st_size > 1000, b.name
