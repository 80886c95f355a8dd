from core.registry import Panel, Registry


def test_registry_keeps_each_entry_once_in_order():
    registry = Registry("test")
    late = Panel(template="b.html", permission="x", order=50)
    early = Panel(template="a.html", permission="x", order=10)

    registry.register(late)
    registry.register(early)
    registry.register(late)

    assert list(registry) == [early, late]
