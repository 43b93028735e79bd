import json

import pytest

from claimcheck import CorpusError, InputError, InputNotFoundError, Statement, read_corpus
from conftest import CORPUS, write


def test_shipped_corpus_is_valid_and_sourced():
    statements = read_corpus(CORPUS)
    assert len(statements) >= 40
    langs = {s.lang for s in statements}
    assert {"en", "hi"} <= langs
    for s in statements:
        assert s.source and s.url and s.date, s.id
        assert s.url.startswith(("http://", "https://"))
    ids = {s.id for s in statements}
    assert {"geneva-pledges-en", "geneva-pledges-hi", "peshawar-attack-en", "omar-removed-en"} <= ids


def test_jsonl_fields_metadata_and_assigned_ids(tmp_path):
    path = write(tmp_path / "c.jsonl", "\n".join([
        json.dumps({"text": "  First   statement ", "rating": "false", "topic": "x"}),
        "",
        json.dumps({"id": 7, "text": "Second", "source": "S", "url": "u", "date": "2023-01-09", "lang": "en"}),
    ]))
    first, second = read_corpus(path)
    assert first.id == "c:1" and first.text == "First statement"
    assert first.metadata == {"rating": "false", "topic": "x"}
    assert second.id == "7" and second.source == "S" and second.date == "2023-01-09"
    assert Statement.from_record(first.to_record(), "") == first


def test_csv_and_tsv(tmp_path):
    csv_path = write(tmp_path / "c.csv", 'id,text,source\na,"Hello, world",X\nb,Second,Y\n')
    tsv_path = write(tmp_path / "t.tsv", "text\tlang\nनमस्ते दुनिया\thi\n")
    statements = read_corpus([csv_path, tsv_path])
    assert [s.text for s in statements] == ["Hello, world", "Second", "नमस्ते दुनिया"]
    assert statements[2].id == "t:2" and statements[2].lang == "hi"


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"text": "ok"}\n{"text": "broken"\n', "c.jsonl:2: malformed JSON"),
        ('{"text": "ok"}\n[1, 2]\n', "c.jsonl:2: expected a JSON object"),
        ('{"id": "a"}\n', "c.jsonl:1: missing 'text'"),
        ('{"text": "   "}\n', "c.jsonl:1: empty 'text'"),
        ('{"text": 5}\n', "c.jsonl:1: 'text' must be a string"),
        ('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "c.jsonl:2: duplicate id 'a'"),
        ("\n\n", "c.jsonl: corpus file is empty"),
    ],
)
def test_bad_jsonl_names_file_and_line(tmp_path, content, message):
    path = write(tmp_path / "c.jsonl", content)
    with pytest.raises(InputError) as err:  # CorpusError, or InputError for an unreadable file
        read_corpus(path)
    assert message in str(err.value)
    assert str(err.value).count("\n") == 0


def test_duplicate_ids_across_files(tmp_path):
    a = write(tmp_path / "a.jsonl", '{"id": "x", "text": "one"}\n')
    b = write(tmp_path / "b.jsonl", '{"id": "x", "text": "two"}\n')
    with pytest.raises(CorpusError, match=r"b.jsonl:1: duplicate id 'x' \(first at .*a.jsonl:1\)"):
        read_corpus([a, b])


def test_bad_csv_and_formats(tmp_path):
    with pytest.raises(CorpusError, match="no 'text' column"):
        read_corpus(write(tmp_path / "c.csv", "id,body\n1,x\n"))
    with pytest.raises(CorpusError, match="expected 2 fields"):
        read_corpus(write(tmp_path / "d.csv", "id,text\n1,x,extra\n"))
    with pytest.raises(CorpusError, match="unknown corpus format '.txt'"):
        read_corpus(write(tmp_path / "c.txt", "hello"))
    with pytest.raises(CorpusError, match="holds no statements"):
        read_corpus(write(tmp_path / "h.csv", "id,text\n"))


def test_missing_binary_and_non_utf8_files(tmp_path):
    with pytest.raises(InputNotFoundError, match="nope.jsonl: corpus file not found"):
        read_corpus(tmp_path / "nope.jsonl")
    with pytest.raises(InputError, match="looks binary"):
        read_corpus(write(tmp_path / "b.jsonl", b'{"text": "a"}\x00\x01'))
    with pytest.raises(InputError, match=r"l.jsonl:2: not valid UTF-8"):
        read_corpus(write(tmp_path / "l.jsonl", '{"text": "a"}\n'.encode() + b'{"text": "\xff"}\n'))
