import pytest

from trainer.learning import mpnet, network

needs_the_extra = pytest.mark.skipif(
    not network.AVAILABLE, reason="needs the embeddings extra (pip install -e '.[embeddings]')"
)


@pytest.fixture
def parts(tmp_path):
    paths = []
    for n, chunk in enumerate([b"abcd", b"", b"efg", b"hij"]):
        paths.append(tmp_path / f"model.zip.{n:03}")
        paths[-1].write_bytes(chunk)
    return mpnet.JoinedFiles(paths)


def test_joined_files_read_as_one_stream_across_their_boundaries(parts):
    assert parts.read() == b"abcdefghij"


def test_joined_files_read_from_where_they_were_sought(parts):
    parts.seek(3)
    assert parts.read(5) == b"defgh"
    parts.seek(-2, 2)
    assert (parts.tell(), parts.read()) == (8, b"ij")


def test_a_missing_part_of_the_model_is_named(monkeypatch):
    monkeypatch.setattr(mpnet, "PARTS", ("trainer-no-such-model-part-001",))

    assert not mpnet.installed()
    with pytest.raises(mpnet.MPNetUnavailable, match="trainer-no-such-model-part-001"):
        mpnet.part_paths()


@needs_the_extra
def test_the_tokenizer_wraps_the_text_and_cuts_it_to_the_length_asked():
    tokenizer = mpnet.tokenizer(8)

    tokens = tokenizer.encode("The service was slow, and the soup was cold.").tokens

    assert tokens == ["<s>", "the", "service", "was", "slow", ",", "and", "</s>"]


@needs_the_extra
def test_the_packaged_encoder_puts_a_paraphrase_nearer_than_another_topic():
    import torch

    texts = ["The waiter was rude to us.", "The staff were impolite.", "The battery lasts hours."]
    tokenizer, encoder = mpnet.tokenizer(32), mpnet.encoder().eval()
    with torch.inference_mode():
        states = [encoder(input_ids=torch.tensor([tokenizer.encode(t).ids])) for t in texts]
    means = [s.last_hidden_state[0].mean(0) for s in states]
    rude, impolite, battery = (m / m.norm() for m in means)

    assert float(rude @ impolite) > float(rude @ battery) + 0.3
