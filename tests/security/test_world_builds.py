from tests.security.world import build_security_world


def test_it_builds(db):
    w = build_security_world()
    print(len(w.ids), len(w.canaries))
