from web_world import EXPECTED, World

from wholefamily.web.casework.access import families_for


def test_families_for_matches_the_access_matrix(world: World) -> None:
    for username, user in world.users.items():
        visible = {
            name
            for name, family in world.families.items()
            if families_for(user).filter(pk=family.pk).exists()
        }
        assert visible == EXPECTED[username], username
