"""A listing split by its keys' first letters: every item once, pages bounded, a new key
changing its own page only."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.shelves import END, MAX_PREFIX, RANGE_NAMES, RANGES, Shelving, shelve

# Keys as shelf_key makes them: parts of the key alphabet, each ended by END. Few letters, so
# that keys share long beginnings and groups split deep.
_PART = st.text(alphabet="abem-0", min_size=0, max_size=6)
_KEY = st.builds(lambda family, whole: f"m{family}{END}{whole}{END}", _PART, _PART)
_SIZE = st.integers(min_value=1, max_value=6)


def in_order(keys: list[str]) -> list[str]:
    """Keys in the shelves' order: END first, as a family name ends before a longer one."""
    alphabet = "".join(RANGES)
    return sorted(keys, key=lambda key: [alphabet.index(character) for character in key])


def shelved(keys: list[str], size: int) -> Shelving[str]:
    return shelve(in_order(keys), lambda key: key, size, "m")


def holds(slug: str, key: str) -> bool:
    """Whether a key belongs on the shelf `slug`: its start, and its next character's range."""
    prefix, _, range_name = slug.partition(".")
    if not key.startswith(prefix):
        return False
    return not range_name or key[len(prefix)] in RANGES[RANGE_NAMES.index(range_name)]


@settings(max_examples=300, deadline=None)
@given(st.lists(_KEY, max_size=60), _SIZE)
def test_every_key_is_on_one_shelf_that_holds_it_in_order(keys: list[str], size: int) -> None:
    shelving = shelved(keys, size)
    on_shelves = [key for shelf in shelving.shelves for key in shelf.items]
    assert on_shelves == in_order(keys)  # the keys' order, split only between shelves
    slugs = [shelf.slug for shelf in shelving.shelves]
    assert len(slugs) == len(set(slugs))
    assert not set(slugs) & set(shelving.split)  # a group is a shelf or split, never both
    for shelf in shelving.shelves:
        assert all(holds(shelf.slug, key) for key in shelf.items)
        too_alike = len(set(shelf.items)) == 1 or len(shelf.slug) >= MAX_PREFIX
        assert len(shelf.items) <= size or too_alike


@settings(max_examples=300, deadline=None)
@given(st.lists(_KEY, min_size=1, max_size=60), _KEY, _SIZE)
def test_a_new_key_changes_only_its_own_shelf_until_a_group_splits(
    keys: list[str], new: str, size: int
) -> None:
    before, after = shelved(keys, size), shelved([*keys, new], size)
    newly_split = set(after.split) - set(before.split)
    old = {shelf.slug: shelf.items for shelf in before.shelves}
    changed = [
        shelf.slug
        for shelf in after.shelves
        if old.get(shelf.slug) != shelf.items
        and not any(holds(split, key) for split in newly_split for key in shelf.items)
    ]
    # The new key's shelf changed; any other only when a group split into it.
    assert len(changed) <= 1
    if changed:
        assert new in dict((shelf.slug, shelf.items) for shelf in after.shelves)[changed[0]]


def test_a_split_group_goes_by_the_range_of_its_next_character_then_by_character() -> None:
    keys = ["ma_a_", "mb_a_", "me_a_", "mu_a_", "mua_a_", "muz_a_"]
    shelving = shelved(keys, 2)
    assert [(shelf.slug, shelf.items) for shelf in shelving.shelves] == [
        ("m.a-d", ("ma_a_", "mb_a_")),
        ("m.e-h", ("me_a_",)),
        ("mu.a-d", ("mu_a_", "mua_a_")),  # "mu" alone first: END is among "a-d"
        ("mu.u-z", ("muz_a_",)),
    ]
    assert shelving.split == ("m", "m.u-z", "mu")


def test_keys_alike_stay_on_one_shelf_however_many() -> None:
    shelving = shelved(["mo_li_"] * 5 + ["mu_a_"], 2)
    assert [(shelf.slug, len(shelf.items)) for shelf in shelving.shelves] == [
        ("mo", 5),  # split no further: no split could part them
        ("m.u-z", 1),
    ]
