#!/usr/bin/env python3
"""Standalone Kubernetes JSON schemas for kubeconform, offline: taken from the kubernetes-validate
wheel on PyPI (its per-version schemas reference a shared _definitions.json, which kubeconform
cannot follow), with every $ref inlined. Only the kinds the Helm chart (deploy/helm/rlcf) renders.

usage: k8s-schemas.py <kubernetes_validate wheel> <out dir> [version, default 1.33.0]
writes <out dir>/v<version>-standalone-strict/<kind>-<group>-<version>.json
"""
import json, os, sys, zipfile

KINDS = ['deployment-apps-v1', 'statefulset-apps-v1', 'service-v1', 'secret-v1',
         'horizontalpodautoscaler-autoscaling-v2', 'configmap-v1', 'serviceaccount-v1']

def main():
    wheel, out = sys.argv[1], sys.argv[2]
    ver = sys.argv[3] if len(sys.argv) > 3 else '1.33.0'
    z = zipfile.ZipFile(wheel)
    base = f'kubernetes_validate/kubernetes-json-schema/v{ver}-local-strict/'
    d = json.loads(z.read(base + '_definitions.json'))
    defs = d.get('$defs') or d['definitions']

    def inline(node, seen):
        if isinstance(node, dict):
            ref = node.get('$ref')
            if isinstance(ref, str) and ('#/$defs/' in ref or '#/definitions/' in ref):
                name = ref.split('/')[-1]
                if name in seen:  # recursive type (e.g. JSONSchemaProps): left open
                    return {}
                rest = {k: v for k, v in node.items() if k != '$ref'}
                return {**inline(defs[name], seen | {name}), **inline(rest, seen)}
            return {k: inline(v, seen) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v, seen) for v in node]
        return node

    dst = os.path.join(out, f'v{ver}-standalone-strict')
    os.makedirs(dst, exist_ok=True)
    for k in KINDS:
        schema = json.loads(z.read(base + k + '.json'))
        with open(os.path.join(dst, k + '.json'), 'w') as f:
            json.dump(inline(schema, frozenset()), f)
    print(f'{len(KINDS)} schemas in {dst}')

main()
