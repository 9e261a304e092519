#!/usr/bin/env bash
# The peer table: FaceActors and two face-recognition pipelines people use, on the same images, on this machine, one
# after another. Each pipeline writes an embeddings file (times and one embedding per image); `faceactors eval
# verification --embeddings` scores every file with the same code, and table.py prints times, accuracy and ratios.
#
#   bench/peers/run.sh            # ../shared beside the checkout, or FACEACTORS_SHARED
#
# Needs Debian's python3-opencv (apt-get install python3-opencv) and Node with npm; `npm ci` fetches face-api and
# TensorFlow.js (WebAssembly backend, no native binary) into bench/peers/face-api/node_modules.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=${FACEACTORS_SHARED:-$root/../shared}
out=$root/artifacts/peers
threads=1

for needed in "$shared/data/orl_faces" "$shared/data/face_recognition_examples/knn_examples/train" "$shared/models/mtcnn_reference/pnet.onnx" "$root/models/mobilefacenet.onnx"; do
  [ -e "$needed" ] || { echo "peers: $needed is missing (the shared data beside the checkout, FACEACTORS_SHARED, or ./faceactors models install)" >&2; exit 1; }
done
/usr/bin/python3 -c 'import cv2' 2>/dev/null || { echo "peers: Debian's python3-opencv is missing: apt-get install -y python3-opencv" >&2; exit 1; }
command -v node > /dev/null || { echo "peers: node is missing" >&2; exit 1; }

mkdir -p "$out"
echo "peers: installing face-api and TensorFlow.js (npm ci)" >&2
(cd "$here/face-api" && npm ci --no-audit --no-fund --loglevel=error)

declare -A datasets=(
  [orl]="$shared/data/orl_faces"
  [photos]="$shared/data/face_recognition_examples/knn_examples/train"
)
for name in orl photos; do
  data=${datasets[$name]}
  echo "peers: $name: FaceActors" >&2
  FACEACTORS__INFERENCE__INTRA_OP_THREADS=$threads "$root/faceactors" eval verification --data "$data" --save-embeddings "$out/faceactors-$name.json" --json > "$out/faceactors-$name.eval.json"
  echo "peers: $name: face-api (Node, tfjs-backend-wasm), at its default minimum confidence and at a lower one" >&2
  node "$here/face-api/embed.js" --data "$data" --out "$out/face-api-$name.json" --threads $threads
  node "$here/face-api/embed.js" --data "$data" --out "$out/face-api-low-$name.json" --threads $threads --min-confidence 0.2
  echo "peers: $name: MTCNN and MobileFaceNet on OpenCV DNN (Python)" >&2
  /usr/bin/python3 "$here/opencv-dnn/embed.py" --data "$data" --out "$out/opencv-dnn-$name.json" --threads $threads \
    --mtcnn "$shared/models/mtcnn_reference" --embedder "$root/models/mobilefacenet.onnx"
  for peer in face-api face-api-low opencv-dnn; do
    "$root/faceactors" eval verification --data "$data" --embeddings "$out/$peer-$name.json" --json > "$out/$peer-$name.eval.json"
  done
done
/usr/bin/python3 "$here/table.py" "$out"
