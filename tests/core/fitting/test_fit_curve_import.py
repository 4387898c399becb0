"""Importing Hill curves from a marketing-mix model's report (CSV and JSON)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from mixplan.errors import InputError
from mixplan.fitting.curve_import import import_curves


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_json_with_samples_and_model_precision(tmp_path: Path) -> None:
    document = {
        "source": "Meridian run 7",
        "curves": [
            {
                "channel": "ig_ads",
                "max_revenue": 1234.5678,
                "half_saturation": "150",
                "shape": 1.7,
                "carryover": 0.3,
                "samples": [
                    {"max_revenue": 1100, "half_saturation": 140.004, "shape": 1.6},
                    {"max_revenue": 1300, "half_saturation": 160, "shape": 1.8, "carryover": 0.35},
                ],
            },
            {"channel": "fb_ads", "max_revenue": 800, "half_saturation": 90, "shape": 0.9},
        ],
    }
    curves = import_curves(_write(tmp_path, "mmm.json", json.dumps(document)))
    ig, fb = curves
    assert ig.channel_id == "ig_ads" and ig.source == "import:Meridian run 7" and ig.quality is None
    assert ig.curve.max_revenue == Decimal("1234.57") and ig.curve.carryover == 0.3
    assert [s.half_saturation for s in ig.samples] == [Decimal("140.00"), Decimal("160.00")]
    assert ig.samples[0].carryover == 0.0
    assert fb.curve.shape == 0.9 and fb.samples == []


def test_json_list_form_is_accepted(tmp_path: Path) -> None:
    text = json.dumps([{"channel": "x", "max_revenue": 10, "half_saturation": 5, "shape": 2}])
    [curve] = import_curves(_write(tmp_path, "c.json", text))
    assert curve.source == "import:c.json"


def test_csv_point_rows_and_draws(tmp_path: Path) -> None:
    text = (
        "channel,max_revenue,half_saturation,shape,carryover,draw\n"
        "fb,1000,200,1.2,0.2,\n"
        "fb,900,190,1.1,0.2,1\n"
        "tt,500,80,2,,1\n"
        "tt,520,90,2.2,,2\n"
        "tt,540,100,2.4,,3\n"
    )
    fb, tt = import_curves(_write(tmp_path, "curves.csv", text))
    assert fb.curve.max_revenue == Decimal("1000.00") and len(fb.samples) == 1
    assert tt.curve.max_revenue == Decimal("520.00") and tt.curve.shape == 2.2  # median of the draws
    assert len(tt.samples) == 3 and tt.curve.carryover == 0.0


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.json", "{not json", "is not valid JSON (line 1"),
        ("a.json", '{"curves": []}', "curves"),
        ("a.json", '[{"channel": "x", "max_revenue": 10, "half_saturation": 0, "shape": 1}]', "half_saturation"),
        ("a.json", '[{"channel": "x", "max_revenue": 10, "half_saturation": 5, "shape": -1}]', "shape"),
        (
            "a.json",
            '[{"channel": "x", "max_revenue": 10, "half_saturation": 5, "shape": 1, "carryover": 1}]',
            "carryover",
        ),
        ("a.json", '[{"channel": "x", "max_revenue": 10, "half_saturation": 5, "shape": 1, "extra": 1}]', "extra"),
        (
            "a.json",
            '[{"channel": "x", "max_revenue": 1, "half_saturation": 1, "shape": 1},'
            ' {"channel": "x", "max_revenue": 1, "half_saturation": 1, "shape": 1}]',
            "appears twice",
        ),
        ("a.csv", "channel,max_revenue,shape\nx,1,1\n", "missing column(s) half_saturation"),
        ("a.csv", "channel,max_revenue,half_saturation,shape,alpha\n", "unknown column(s) alpha"),
        ("a.csv", "channel,max_revenue,half_saturation,shape\nx,1,,1\n", "line 2, column half_saturation: is empty"),
        ("a.csv", "channel,max_revenue,half_saturation,shape\nx,abc,1,1\n", "line 2, column max_revenue"),
        ("a.csv", "channel,max_revenue,half_saturation,shape\nx,1,1,1\nx,2,2,2\n", "line 3: a second point"),
        ("a.csv", "channel,max_revenue,half_saturation,shape\n", "no curves"),
        ("a.yaml", "x", "must end in .csv or .json"),
        # numbers too large or not finite (review finding 5) and a non-numeric draw (finding 13)
        (
            "a.csv",
            "channel,max_revenue,half_saturation,shape\nx,1e400,1,1\n",
            "line 2, column max_revenue: amount 1E+400 is too large; amounts must be at most 1,000,000,000,000",
        ),
        ("a.csv", "channel,max_revenue,half_saturation,shape\nx,1,1e30,1\n", "line 2, column half_saturation"),
        ("a.csv", "channel,max_revenue,half_saturation,shape\nx,inf,1,1\n", "column max_revenue: amount must be"),
        ("a.csv", "channel,max_revenue,half_saturation,shape\nx,1,1,1e400\n", "line 2, column shape"),
        ("a.csv", "channel,max_revenue,half_saturation,shape\nx,1,1,25\n", "line 2, column shape"),
        (
            "a.csv",
            "channel,max_revenue,half_saturation,shape,draw\nx,1,1,1,\nx,1,1,1,abc\n",
            "line 3, column draw: 'abc' is not a draw number",
        ),
        ("a.csv", "channel,max_revenue,half_saturation,shape,draw\nx,1,1,1,-1\n", "line 2, column draw"),
        (
            "a.json",
            '[{"channel": "x", "max_revenue": "1e400", "half_saturation": 5, "shape": 1}]',
            "max_revenue: amount 1E+400 is too large",
        ),
        ("a.json", '[{"channel": "x", "max_revenue": 1e400, "half_saturation": 5, "shape": 1}]', "finite"),
        ("a.json", '[{"channel": "x", "max_revenue": 10, "half_saturation": 5, "shape": 1e300}]', "shape"),
        (
            "a.json",
            '[{"channel": "x", "max_revenue": 10, "half_saturation": 5, "shape": 1,'
            ' "samples": [{"max_revenue": 99999999999999999999999999, "half_saturation": 5, "shape": 1}]}]',
            "curves.0.samples.0 max_revenue",
        ),
    ],
)
def test_bad_files_name_what_is_wrong(tmp_path: Path, name: str, text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        import_curves(_write(tmp_path, name, text))
    assert expected in str(caught.value)
    assert str(tmp_path / name) in str(caught.value)
