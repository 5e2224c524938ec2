import { FieldIssue } from '../../../src/kube/validation/schema';

/*
 * Helpers shared by the tests of the validators and of the PolicyValidator
 * facade: NetworkPolicy manifests, valid unless a test breaks them.
 */

/** A valid policy that uses every field of the schema. */
export const FULL_POLICY = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: {
    name: 'api.allow-web',
    namespace: 'shop',
    labels: { 'app.kubernetes.io/name': 'api', 'tier': '', 'version': 'v1.2.3' },
    annotations: { 'example.com/Owner': 'team-a', 'note': 'free text: anything goes' },
    uid: '6d4b1c6e-0000-4000-8000-000000000000',
    resourceVersion: '12345',
    generation: 2,
    creationTimestamp: '2024-01-31T12:00:00Z',
    finalizers: ['example.com/cleanup', 'kubernetes'],
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: 'abc', controller: true, blockOwnerDeletion: true }],
    managedFields: [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'networking.k8s.io/v1', time: '2024-01-31T12:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
  },
  spec: {
    podSelector: {
      matchLabels: { app: 'api' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['backend', 'api'] },
        { key: 'example.com/canary', operator: 'DoesNotExist' },
      ],
    },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [
          { podSelector: { matchLabels: { app: 'web' } } },
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: {} },
          { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.3.4/32'] } },
        ],
        ports: [
          { protocol: 'TCP', port: 8080 },
          { protocol: 'TCP', port: 'http-alt' },
          { protocol: 'UDP', port: 9000, endPort: 9100 },
          { port: 443 },
        ],
      },
      {}, // allows everything
    ],
    egress: [
      {
        to: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }],
        ports: [{ protocol: 'SCTP', port: 5000, endPort: 5000 }],
      },
      { ports: [{ protocol: 'UDP', port: 53 }] },
    ],
  },
};

/** A deep copy of a JSON value. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** A minimal valid policy with `spec` merged over `podSelector: {}`. */
export function policy(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'test', namespace: 'default', ...metadata },
    spec: { podSelector: {}, ...spec },
  };
}

/** A minimal valid policy with one ingress rule of one port. */
export function ingressPort(port: Record<string, unknown>): any {
  return policy({ ingress: [{ ports: [port] }] });
}

/** A minimal valid policy with one ingress rule of one peer. */
export function ingressPeer(peer: unknown): any {
  return policy({ ingress: [{ from: [peer] }] });
}

/** A minimal valid policy with one ingress peer: an ipBlock. */
export function ipBlock(cidr: unknown, except?: unknown): any {
  return ingressPeer({ ipBlock: except === undefined ? { cidr } : { cidr, except } });
}

/** Issues as `path: message` lines. */
export function lines(issues: ReadonlyArray<FieldIssue>): string[] {
  return issues.map((i) => `${i.path}: ${i.message}`);
}
