#!/usr/bin/python3
"""Times one Fashion-MNIST epoch of Hybrid-1 (the paper's variant) in PyTorch, for comparison with the trainer.

The same network as training/EdgeSearch.Training/Model (involution on the input, four 3x3 conv + BN + GELU blocks of
32-64-64-96, two 2x2 max pools, global average pool, 64-d linear embedding, L2-normalised), the trainer's default
cross-entropy head (cosine softmax, scale 16, no margin), AdamW, batch 128, no augmentation. Debian's python3-torch
only; this script is a measuring stick, never a dependency of the product.

    training/scripts/pytorch-epoch.py [--threads 2] [--data /usr/share/datasets/fashion-mnist]
"""
import argparse, gzip, os, struct, time
import torch
import torch.nn as nn
import torch.nn.functional as F


def idx(path):
    opener = gzip.open if not os.path.exists(path) else open
    with opener(path if os.path.exists(path) else path + ".gz", "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


class Involution(nn.Module):
    def __init__(self, channels, reduced, groups, kernel):
        super().__init__()
        self.channels, self.groups, self.kernel = channels, groups, kernel
        self.reduce = nn.Conv2d(channels, reduced, 1, bias=False)
        self.bn = nn.BatchNorm2d(reduced, eps=1e-5)
        self.span = nn.Conv2d(reduced, groups * kernel * kernel, 1, bias=True)

    def forward(self, x):
        n, _, h, w = x.shape
        taps = self.kernel * self.kernel
        weights = self.span(F.relu(self.bn(self.reduce(x))))
        windows = F.unfold(x, self.kernel, padding=self.kernel // 2).view(n, self.groups, self.channels // self.groups, taps, h, w)
        return (windows * weights.view(n, self.groups, 1, taps, h, w)).sum(3).view(n, self.channels, h, w)


class Block(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=1e-5)

    def forward(self, x):
        return F.gelu(self.bn(self.conv(x)))


class Hybrid1(nn.Module):
    def __init__(self, channels=1, widths=(32, 64, 64, 96), dim=64):
        super().__init__()
        self.involution = Involution(channels, max(channels // 4, 1), 1, 3)
        blocks, c = [], channels
        for width in widths:
            blocks.append(Block(c, width))
            c = width
        self.blocks = nn.ModuleList(blocks)
        self.embed = nn.Linear(c, dim)

    def forward(self, x):
        x = self.involution(x)
        for i, block in enumerate(self.blocks):
            x = block(x)
            if i < 2:
                x = F.max_pool2d(x, 2, 2)
        return F.normalize(self.embed(x.mean((2, 3))), dim=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--limit", type=int, default=None, help="only the first N training images (a quick check)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    images = idx(os.path.join(args.data, "train-images-idx3-ubyte")).float().div_(255).unsqueeze(1)
    labels = idx(os.path.join(args.data, "train-labels-idx1-ubyte")).long()
    images, labels = images[:args.limit], labels[:args.limit]
    images = (images - images.mean()) / images.std()
    model = Hybrid1()
    head = nn.Parameter(torch.randn(10, 64) * 0.01)
    optimizer = torch.optim.AdamW(list(model.parameters()) + [head], lr=3e-3, weight_decay=5e-4)
    model.train()
    order = torch.randperm(len(labels))
    start = time.perf_counter()
    for first in range(0, len(order) - args.batch_size + 1, args.batch_size):
        batch = order[first:first + args.batch_size]
        logits = 16 * model(images[batch]) @ F.normalize(head, dim=1).t()
        loss = F.cross_entropy(logits, labels[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    seconds = time.perf_counter() - start
    print(f"pytorch {torch.__version__}: one epoch of {len(order) // args.batch_size} steps (batch {args.batch_size}, "
          f"{args.threads} threads, oneDNN {'on' if torch.backends.mkldnn.is_available() else 'off'}) took {seconds:.1f} s; loss {loss.item():.3f}")


if __name__ == "__main__":
    main()
