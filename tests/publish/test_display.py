import pytest

from wholefamily.publish.display import display_case


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("SARAH-JANE O'NEILL", "Sarah-Jane O'Neill"),
        ("MCDONALD", "McDonald"),
        ("17 BIRCH AVE", "17 Birch Ave"),
        ("FLAT 2 1 BRIDGE RISE", "Flat 2 1 Bridge Rise"),
        ("MC", "Mc"),
        ("de la Cruz", "de la Cruz"),
        ("", ""),
    ],
)
def test_display_case(raw: str, shown: str) -> None:
    assert display_case(raw) == shown
