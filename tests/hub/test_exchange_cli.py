"""kefu grade --from-exchange and kefu release-feedback: options, accounts, Chinese refusals."""

from __future__ import annotations

import pytest

from kefu import cli
from kefu.hub.accounts import Account, AccountStore, exchange_resolver


def test_a_hand_in_belongs_to_the_account_that_owns_it(tmp_path):
    store = AccountStore(tmp_path / "accounts.sqlite")
    store.add(Account("s2024003", "S2024003", "李四", "1班", "student", "kfs2024003"), "pw-1-aaaaaa")
    store.add(Account("ta", "ta", "", "", "ta", "kfta"), "pw-2-bbbbbbb")
    resolve = exchange_resolver(store)
    # the roster's spelling comes back, whichever of the account's names the folder uses
    assert resolve("kfs2024003", "kfs2024003") == "S2024003"
    assert resolve("kfs2024003", "s2024003") == "S2024003"
    # put there by another user, or by staff: nobody's hand-in
    assert resolve("kfta", "kfs2024003") is None
    assert resolve("kfs2024003", "kf2024001") is None
    assert resolve("root", "kfs2024003") is None


@pytest.fixture
def in_course(course_copy, monkeypatch):
    monkeypatch.setenv("KEFU_COURSE", str(course_copy.root))
    return course_copy


@pytest.mark.parametrize("args", [
    ["grade", "ch07", "--latest"],
    ["grade", "ch07", "--from-exchange", "--submissions", "x"],
    ["grade", "ch07", "--from-exchange", "--times", "t.xlsx"],
])
def test_exchange_options_that_do_not_fit_are_refused_in_chinese(in_course, args, capsys):
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert "错误：" in err and "--from-exchange" in err


def test_a_course_without_an_exchange_says_so(in_course, capsys):
    assert cli.main(["grade", "ch07", "--from-exchange"]) == 2
    assert "exchange" in capsys.readouterr().err
    assert cli.main(["release-feedback", "ch07"]) == 2
    assert "exchange" in capsys.readouterr().err
    assert cli.main(["grade", "ch07", "--from-exchange", "--accounts", "/nonexistent.sqlite"]) == 2
    assert "账号文件" in capsys.readouterr().err


def test_the_help_names_the_class_server_commands(capsys):
    with pytest.raises(SystemExit):
        cli.main(["grade", "--help"])
    text = capsys.readouterr().out
    assert "--from-exchange" in text and "--latest" in text and "截止前的最后一次" in text
    with pytest.raises(SystemExit):
        cli.main(["release-feedback", "--help"])
    assert "Fetch Feedback" in capsys.readouterr().out


def test_a_gradebook_database_that_goes_away_is_explained_without_its_password(
        in_course, monkeypatch, capsys):
    from sqlalchemy.exc import OperationalError

    def gone(course, args):
        raise OperationalError("SELECT 1", {}, Exception(
            "connection to postgresql+psycopg://kefu:s3cret-pw@127.0.0.1:5432/kefu refused"))

    monkeypatch.setitem(cli.COMMANDS, "export", gone)
    assert cli.main(["export"]) == 5
    err = capsys.readouterr().err
    assert "成绩库（数据库）连接失败或中断" in err and "重新运行同一条命令" in err
    assert "s3cret-pw" not in err and "Traceback" not in err
