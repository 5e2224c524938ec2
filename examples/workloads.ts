import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/**
 * A cdk8s-plus-28 Deployment whose pods carry `app.kubernetes.io/name: <name>`,
 * which `Selector.app(name)` matches, listening on `port` and on any `extraPorts`.
 */
export function app(scope: Construct, name: string, port: number, namespace?: string, extraPorts: kplus.ContainerPort[] = []): kplus.Deployment {
  return new kplus.Deployment(scope, namespace ? `${namespace}-${name}` : name, {
    metadata: { name, namespace },
    podMetadata: { labels: { 'app.kubernetes.io/name': name } },
    containers: [{ image: `example/${name}:1.0`, portNumber: port, ports: extraPorts, securityContext: { ensureNonRoot: false } }],
  });
}
