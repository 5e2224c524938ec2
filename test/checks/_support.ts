import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** Options of `pod()`. */
export interface PodOptions {
  /** Labels besides `app.kubernetes.io/name`. */
  readonly labels?: { [key: string]: string };
  /** Named container ports, e.g. `{ metrics: 9090 }`. */
  readonly ports?: { [name: string]: number };
  /** The namespace, when not the chart's. */
  readonly namespace?: string;
}

/** A raw Pod `name` labelled `app.kubernetes.io/name: name`. */
export function pod(scope: Construct, name: string, options: PodOptions = {}): ApiObject {
  return new ApiObject(scope, `Pod-${name}`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace,
      labels: { 'app.kubernetes.io/name': name, ...options.labels },
    },
    spec: {
      containers: [{
        name: 'main',
        image: 'nginx:1.27',
        ports: Object.entries(options.ports ?? {}).map(([portName, containerPort]) => ({ name: portName, containerPort })),
      }],
    },
  });
}
