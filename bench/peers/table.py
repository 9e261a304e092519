#!/usr/bin/python3
"""Prints the peer table (Markdown) from the evaluations bench/peers/run.sh wrote: per dataset and pipeline, the time per
image and the accuracy, and FaceActors' time divided by each peer's. Usage: table.py FOLDER"""
import json
import os
import sys

PIPELINES = ['faceactors', 'face-api', 'face-api-low', 'opencv-dnn']
DATASETS = {'orl': 'ORL (400 images, 40 people)', 'photos': 'face_recognition photos (9 images, 5 people)'}


def main(folder):
    print('| dataset | pipeline | threads | detection ms/image | alignment + embedding ms/face | total ms/image | '
          'FaceActors ÷ it: detection / embedding / total | best accuracy | EER | ROC AUC | rank-1 | images without a face |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|')
    for dataset, title in DATASETS.items():
        results = {}
        for pipeline in PIPELINES:
            with open(os.path.join(folder, f'{pipeline}-{dataset}.eval.json')) as f:
                results[pipeline] = json.load(f)
        ours = results['faceactors']['timings']
        for pipeline in PIPELINES:
            r, t = results[pipeline], results[pipeline]['timings']
            ratios = ' / '.join(f'{a / b:.2f}' for a, b in [
                (ours['detect_ms_per_image'], t['detect_ms_per_image']),
                (ours['embed_ms_per_face'], t['embed_ms_per_face']),
                (total(results['faceactors']), total(r))])
            print(f"| {title} | {t['pipeline']} | {t['threads']} | {t['detect_ms_per_image']:.1f} | {t['embed_ms_per_face']:.1f} | "
                  f"{total(r):.1f} | {ratios} | {r['best_accuracy']:.2%} | {r['eer']:.2%} | {r['auc']:.4f} | "
                  f"{r['rank1']:.1%} | {len(r['no_face'])} |")


def total(result):
    return result['timings']['detect_ms_per_image'] + result['timings']['embed_ms_per_face']


if __name__ == '__main__':
    main(sys.argv[1])
