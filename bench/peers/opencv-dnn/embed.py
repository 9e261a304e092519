#!/usr/bin/python3
"""A peer for FaceActors' benchmarks: MTCNN (the reference ONNX export) and MobileFaceNet on OpenCV's DNN module, in
Python, as Debian's python3-opencv ships it. Embeds every image of a folder-per-identity dataset, one face per image
(the largest), and writes the file `faceactors eval verification --embeddings` scores.

MTCNN here is written from the paper (Zhang et al. 2016) and facenet's widely used port: a pyramid resized from the
full image at each scale, P-Net, R-Net and O-Net on crops padded with black, the usual thresholds. The reference nets
take the original Caffe model's input: RGB, (x - 127.5) / 128, transposed (a row per image column), NHWC.

Usage: /usr/bin/python3 embed.py --data DIR --out FILE --mtcnn DIR --embedder FILE [--border PX] [--threads N]
"""
import argparse
import json
import math
import os
import sys
import time

import cv2
import numpy as np

IMAGE_EXTENSIONS = ('.jpg', '.jpeg', '.pgm')
MIN_FACE = 40
SCALE_FACTOR = 0.709
THRESHOLDS = (0.6, 0.7, 0.7)
# ArcFace's five-point template for a 112x112 crop: eyes, nose tip, mouth corners.
TEMPLATE = np.array([[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [41.5493, 92.3655], [70.7299, 92.2041]],
                    dtype=np.float32)


def dataset_images(root):
    """The same files, in the same order, as FaceActors' FolderDataset: a folder per identity, ordinal name order."""
    images = []
    for identity in sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d))):
        folder = os.path.join(root, identity)
        images += [f'{identity}/{f}' for f in sorted(os.listdir(folder)) if f.lower().endswith(IMAGE_EXTENSIONS)]
    return images


def nms(boxes, scores, threshold, over_min=False):
    """Indices kept by greedy non-maximum suppression, best score first."""
    order = np.argsort(-scores)
    area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    keep = []
    while order.size > 0:
        i = order[0]
        keep.append(i)
        xx1 = np.maximum(boxes[i, 0], boxes[order[1:], 0])
        yy1 = np.maximum(boxes[i, 1], boxes[order[1:], 1])
        xx2 = np.minimum(boxes[i, 2], boxes[order[1:], 2])
        yy2 = np.minimum(boxes[i, 3], boxes[order[1:], 3])
        inter = np.maximum(0, xx2 - xx1) * np.maximum(0, yy2 - yy1)
        union = np.minimum(area[i], area[order[1:]]) if over_min else area[i] + area[order[1:]] - inter
        order = order[1:][inter / np.maximum(union, 1e-9) <= threshold]
    return np.array(keep, dtype=np.int64)


def regress(boxes, offsets):
    w = (boxes[:, 2] - boxes[:, 0])[:, None]
    h = (boxes[:, 3] - boxes[:, 1])[:, None]
    return boxes[:, :4] + offsets * np.hstack([w, h, w, h])


def square(boxes):
    w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    side = np.maximum(w, h)
    cx, cy = boxes[:, 0] + w / 2, boxes[:, 1] + h / 2
    return np.stack([cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2], axis=1)


def to_net(rgb):
    """RGB pixels to the nets' input: normalised and transposed (width first)."""
    return ((rgb.astype(np.float32) - 127.5) * 0.0078125).transpose(1, 0, 2)


class Mtcnn:
    def __init__(self, folder):
        self.pnet = cv2.dnn.readNetFromONNX(os.path.join(folder, 'pnet.onnx'))
        self.rnet = cv2.dnn.readNetFromONNX(os.path.join(folder, 'rnet.onnx'))
        self.onet = cv2.dnn.readNetFromONNX(os.path.join(folder, 'onet.onnx'))

    @staticmethod
    def run(net, batch):
        net.setInput(batch)
        names = net.getUnconnectedOutLayersNames()
        return dict(zip(names, net.forward(names)))

    @staticmethod
    def by_size(outputs, size):
        """The output whose last dimension is `size` (probability 2, box regression 4, landmarks 10)."""
        return next(v for v in outputs.values() if v.shape[-1] == size)

    def crops(self, rgb, boxes, size):
        h, w = rgb.shape[:2]
        batch = np.zeros((len(boxes), size, size, 3), dtype=np.float32)
        for k, (x1, y1, x2, y2) in enumerate(np.round(boxes[:, :4]).astype(int)):
            if x2 <= x1 or y2 <= y1:
                continue
            patch = np.zeros((y2 - y1, x2 - x1, 3), dtype=np.uint8)
            sx1, sy1, sx2, sy2 = max(x1, 0), max(y1, 0), min(x2, w), min(y2, h)
            if sx2 > sx1 and sy2 > sy1:
                patch[sy1 - y1:sy2 - y1, sx1 - x1:sx2 - x1] = rgb[sy1:sy2, sx1:sx2]
            batch[k] = to_net(cv2.resize(patch, (size, size), interpolation=cv2.INTER_AREA))
        return batch

    def detect(self, bgr):
        """Boxes [x1, y1, x2, y2, score] and landmarks (5 points) of every face."""
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        h, w = rgb.shape[:2]
        scale, proposals = 12.0 / MIN_FACE, []
        while min(h, w) * scale >= 12:
            hs, ws = int(math.ceil(h * scale)), int(math.ceil(w * scale))
            level = to_net(cv2.resize(rgb, (ws, hs), interpolation=cv2.INTER_AREA))[None]
            out = self.run(self.pnet, level)
            prob, offsets = self.by_size(out, 2)[0, :, :, 1], self.by_size(out, 4)[0]
            xs, ys = np.where(prob >= THRESHOLDS[0])  # transposed: x first
            if xs.size:
                boxes = np.stack([xs * 2 / scale, ys * 2 / scale, (xs * 2 + 12) / scale, (ys * 2 + 12) / scale, prob[xs, ys]], axis=1)
                boxes = np.hstack([boxes, offsets[xs, ys]])
                proposals.append(boxes[nms(boxes[:, :4], boxes[:, 4], 0.5)])
            scale *= SCALE_FACTOR
        if not proposals:
            return np.zeros((0, 5)), np.zeros((0, 5, 2))
        boxes = np.vstack(proposals)
        boxes = boxes[nms(boxes[:, :4], boxes[:, 4], 0.7)]
        boxes = square(regress(boxes[:, :4], boxes[:, 5:9]))

        out = self.run(self.rnet, self.crops(rgb, boxes, 24))
        prob, offsets = self.by_size(out, 2)[:, 1], self.by_size(out, 4)
        kept = prob >= THRESHOLDS[1]
        boxes, prob, offsets = boxes[kept], prob[kept], offsets[kept]
        if not len(boxes):
            return np.zeros((0, 5)), np.zeros((0, 5, 2))
        keep = nms(boxes, prob, 0.7)
        boxes = square(regress(boxes[keep], offsets[keep]))

        out = self.run(self.onet, self.crops(rgb, boxes, 48))
        prob, offsets, marks = self.by_size(out, 2)[:, 1], self.by_size(out, 4), self.by_size(out, 10)
        kept = prob >= THRESHOLDS[2]
        boxes, prob, offsets, marks = boxes[kept], prob[kept], offsets[kept], marks[kept]
        if not len(boxes):
            return np.zeros((0, 5)), np.zeros((0, 5, 2))
        bw, bh = (boxes[:, 2] - boxes[:, 0])[:, None], (boxes[:, 3] - boxes[:, 1])[:, None]
        landmarks = np.stack([boxes[:, [0]] + marks[:, :5] * bw, boxes[:, [1]] + marks[:, 5:] * bh], axis=2)
        final = regress(boxes, offsets)
        keep = nms(final, prob, 0.7, over_min=True)
        return np.hstack([final[keep], prob[keep, None]]), landmarks[keep]


def read_varint(data, i):
    value, shift = 0, 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i
        shift += 7


def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def fields(message):
    """A protobuf message's fields in order: (number, wire type, raw value bytes)."""
    i, out = 0, []
    while i < len(message):
        key, i = read_varint(message, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            start = i
            _, i = read_varint(message, i)
            out.append((number, wire, message[start:i]))
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            out.append((number, wire, message[i:i + size]))
            i += size
        elif wire == 2:
            length, i = read_varint(message, i)
            out.append((number, wire, message[i:i + length]))
            i += length
        else:
            raise ValueError(f'protobuf wire type {wire} is not read here')
    return out


def encode(message_fields):
    out = bytearray()
    for number, wire, value in message_fields:
        out += varint(number << 3 | wire)
        out += varint(len(value)) + value if wire == 2 else value
    return bytes(out)


def with_explicit_zero_floats(model):
    """
    The converted MobileFaceNet scales channels with BatchNormalization whose epsilon is 0. Protobuf 3 does not write
    a float of 0, and OpenCV 4.6's importer refuses a float attribute without its value, so the value is written
    out: the same model, readable by OpenCV. (ModelProto.graph = 7, GraphProto.node = 1, NodeProto.attribute = 5,
    AttributeProto.f = 2, .type = 20 with FLOAT = 1.)
    """
    def attribute(raw):
        parsed = fields(raw)
        is_float = any(n == 20 and read_varint(v, 0)[0] == 1 for n, _, v in parsed)
        has_value = any(n == 2 for n, _, _ in parsed)
        return encode(parsed + [(2, 5, b'\x00\x00\x00\x00')]) if is_float and not has_value else raw

    def node(raw):
        return encode([(n, w, attribute(v) if n == 5 else v) for n, w, v in fields(raw)])

    def graph(raw):
        return encode([(n, w, node(v) if n == 1 else v) for n, w, v in fields(raw)])

    return encode([(n, w, graph(v) if n == 7 else v) for n, w, v in fields(model)])


class MobileFaceNet:
    def __init__(self, path):
        with open(path, 'rb') as f:
            model = with_explicit_zero_floats(f.read())
        self.net = cv2.dnn.readNetFromONNX(np.frombuffer(model, dtype=np.uint8))

    def embed(self, bgr, landmarks):
        transform, _ = cv2.estimateAffinePartial2D(landmarks.astype(np.float32), TEMPLATE, method=cv2.LMEDS)
        aligned = cv2.warpAffine(bgr, transform, (112, 112), borderValue=0)
        rgb = cv2.cvtColor(aligned, cv2.COLOR_BGR2RGB).astype(np.float32)
        self.net.setInput(((rgb - 127.5) / 128.0)[None])  # NHWC, as the converted model takes it
        vector = self.net.forward().reshape(-1)
        return vector / np.linalg.norm(vector)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--data', required=True)
    parser.add_argument('--out', required=True)
    parser.add_argument('--mtcnn', required=True, help='folder with pnet.onnx, rnet.onnx and onet.onnx')
    parser.add_argument('--embedder', required=True, help='MobileFaceNet ONNX (112x112 NHWC RGB, (x - 127.5) / 128)')
    parser.add_argument('--border', type=int, default=20)
    parser.add_argument('--threads', type=int, default=1)
    args = parser.parse_args()

    cv2.setNumThreads(args.threads)
    detector, embedder = Mtcnn(args.mtcnn), MobileFaceNet(args.embedder)
    images = dataset_images(args.data)

    def load(relative):
        image = cv2.imread(os.path.join(args.data, relative), cv2.IMREAD_COLOR)
        if image is None:
            raise SystemExit(f'opencv-dnn peer: cannot read {relative}')
        return cv2.copyMakeBorder(image, *(4 * [args.border]), cv2.BORDER_CONSTANT, value=0)

    # Warm-up: the first calls allocate, which no later image pays.
    warm = load(images[0])
    for _ in range(3):
        boxes, landmarks = detector.detect(warm)
        if len(boxes):
            embedder.embed(warm, landmarks[0])

    results = []
    for index, relative in enumerate(images):
        image = load(relative)
        start = time.perf_counter()
        boxes, landmarks = detector.detect(image)
        detect_ms = (time.perf_counter() - start) * 1000
        embedding, embed_ms = None, None
        if len(boxes):
            largest = int(np.argmax((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])))
            start = time.perf_counter()
            embedding = embedder.embed(image, landmarks[largest])
            embed_ms = (time.perf_counter() - start) * 1000
        results.append({'path': relative, 'detect_ms': detect_ms, 'embed_ms': embed_ms,
                        'embedding': None if embedding is None else [float(v) for v in embedding]})
        if (index + 1) % 50 == 0 or index + 1 == len(images):
            print(f'opencv-dnn: {index + 1} of {len(images)} images', file=sys.stderr)

    with open(args.out, 'w') as out:
        json.dump({'pipeline': f'MTCNN (reference export) and MobileFaceNet on OpenCV {cv2.__version__} DNN, Python',
                   'threads': args.threads, 'border': args.border, 'images': results}, out)


if __name__ == '__main__':
    main()
