"""Awards: the catalogue and prize money, scoring and ranking, nominations, the council, decisions and their lists."""
