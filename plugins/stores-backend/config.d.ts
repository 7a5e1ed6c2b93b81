export interface Config {
  /** Configuration of the Storefleet stores backend plugin. */
  stores?: {
    /** Engines people may request; defaults to every registered engine. */
    enabledEngines?: string[];

    /** The cluster stores are provisioned into. */
    kubernetes?: {
      /**
       * Path to a kubeconfig file. Unset (and running in a pod): the pod's service account.
       * Unset elsewhere: the backend says at start that it has no cluster, `/api/stores/health`
       * answers 503, and creates are refused with 503 `SETUP_INCOMPLETE`.
       * `npm start` sets it to the local sim cluster when nothing else is configured.
       */
      kubeconfigPath?: string;
      /** Context of the kubeconfig; defaults to its current context. */
      context?: string;
      /**
       * A ClusterRole of the verbs a store needs inside its namespace. Set (the platform chart
       * sets it), the provisioner binds it to itself in each store namespace it creates, and
       * needs no cluster-wide rights on Secrets, pods or workloads. Unset: the identity already
       * holds those rights (a local admin kubeconfig).
       */
      storeRole?: string;
    };

    helm?: {
      /** The helm binary; defaults to `helm` on PATH. */
      binary?: string;
    };

    /**
     * Directory holding the engine charts (`woocommerce-store`, `medusa-store`); default: the
     * `charts/` folder shipped inside this package, the charts this version of the engine was
     * tested with. Set it only to run charts of your own (a copy with your changes).
     */
    chartsDirectory?: string;
    /**
     * The store images, per engine and chart component, for your registry: e.g.
     * `medusa: { medusa: { repository: registry.example.com/storefleet/medusa, tag: '2.21.2' } }`.
     * Components: woocommerce `wordpress`, `mariadb`, `orderProbe`; medusa `medusa`,
     * `storefront`, `postgres`, `redis`, `orderProbe`. Unset: the chart's values file's image.
     */
    images?: {
      [engine: string]: {
        [component: string]: {
          repository: string;
          /** A pinned tag; `latest` is refused. */
          tag: string;
          pullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
        };
      };
    };
    /** What stores may reach beyond themselves; set by the platform team, never by a requester. */
    egress?: {
      /**
       * CIDRs (and TCP ports) the store's application pods may connect to — a payment gateway,
       * a shipping-rate API, a mail server — e.g. `[{ cidr: 203.0.113.10/32, ports: [443] }]`.
       * Never opened for the store's database. Default: none (DNS and the store's own pods only).
       */
      allowed?: Array<{ cidr: string; ports?: number[] }>;
    };
    /**
     * Store hosts are `<store>.<baseDomain>`; default `localhost`: every `*.localhost` name
     * reaches this machine in browsers and curl with no DNS (RFC 6761), so a local store opens
     * where Backstage runs. In production, a domain whose wildcard record points at the ingress.
     */
    baseDomain?: string;
    /**
     * Which hostnames store owners may give their stores (PUT /stores/{id}/domain). Always
     * refused: hosts under `baseDomain`, Backstage's own hosts (`app.baseUrl`, `backend.baseUrl`)
     * and any host an Ingress Storefleet did not make for that store already serves.
     */
    domains?: {
      /** Hosts (and every name under them) no store may take, e.g. `[intranet.example.com]`. */
      reserved?: string[];
      /** When set, custom domains must be one of these hosts or under one of them. */
      allowedSuffixes?: string[];
      /**
       * Production: the owner first publishes a DNS TXT record `_storefleet-verify.<host>` with
       * the token the refusal names; checked before the Ingress changes. Default false.
       */
      verifyOwnership?: boolean;
    };
    /**
     * The stores API's budget per caller (keyed on the Backstage principal, so callers behind
     * one ingress address do not share it); past it, 429 with Retry-After.
     */
    rateLimit?: {
      /** Default 60. */
      windowSeconds?: number;
      /** Requests per signed-in caller per window; default 600; 0 turns the limit off. */
      perCaller?: number;
      /** Requests per client address per window for calls without credentials; default 60. */
      anonymous?: number;
    };
    ingress?: {
      /**
       * Whether store Ingresses serve TLS (the chart's `ingress.tls.enabled`, e.g. with
       * cert-manager in `values-prod.yaml`); store URLs and entity links are then `https://`.
       * Default: true with `valuesProfile: prod`, false otherwise.
       */
      tls?: boolean;
    };
    /** Ingress class of store Ingresses; default `traefik` (k3s's own; kind with ingress-nginx: `nginx`). */
    ingressClassName?: string;
    /**
     * The last step before Ready, and part of "Check now": each URL a person is shown (shop,
     * admin) is fetched through the ingress from the backend, expecting 2xx/3xx and, under TLS,
     * a certificate valid for the host. Keep it on: without it a store whose Ingress, DNS or
     * certificate is broken is still called Ready. Turn it off only where the backend cannot
     * reach the ingress the way customers do (e.g. it runs outside a network that customers
     * reach); the store's activity then says the URLs were not checked.
     */
    publicUrlCheck?: {
      /** Default true. */
      enabled?: boolean;
      /** Per request; default 10. */
      timeoutSeconds?: number;
      /** How long a URL that does not answer yet is tried again (a new Ingress, a certificate being issued); default 60. */
      settleSeconds?: number;
      /** A PEM file of extra CA certificates to trust (a private CA signs the stores' certificates). */
      caFile?: string;
      /**
       * `host[:port]` of the ingress controller to connect to, keeping each URL's Host header
       * and TLS server name (like `curl --resolve`): for a backend inside the cluster, where the
       * store hosts resolve to nothing or to the pod itself (`*.localhost`). E.g.
       * `traefik.kube-system.svc.cluster.local`. Default: resolve each URL's host.
       */
      ingressAddress?: string;
    };
    /**
     * Which `values-<profile>.yaml` of a chart is used: `local` (default; kind, k3d, the sim
     * cluster), `prod` (k3s with TLS), or `realnode` (the sim cluster's real node: locally built
     * images, never pulled).
     */
    valuesProfile?: 'local' | 'prod' | 'realnode';
    /** Pod Security admission level enforced on store namespaces; default `restricted`. */
    podSecurityLevel?: 'privileged' | 'baseline' | 'restricted';

    quotas?: {
      /** Running stores (live and not suspended) on this Backstage at most; default 50. */
      maxStores?: number;
      /** Live stores one person may have requested; default 3. */
      maxStoresPerUser?: number;
      /** Stores one person may request per hour, deleted ones included; default 10. */
      maxCreatesPerHour?: number;
      /** Stores provisioned or deleted at the same time, across replicas; default 3. */
      maxConcurrentProvisions?: number;
    };

    timeouts?: {
      /** A provisioning attempt fails after this long; default 20. */
      provisioningMinutes?: number;
      /** A delete step gives up (and is retried) after this long; default 10. */
      deleteMinutes?: number;
    };

    reconcile?: {
      /** How often each replica looks for work; default 10. */
      intervalSeconds?: number;
      /** A worker's claim on a store expires after this long without renewal; default 60. */
      leaseSeconds?: number;
    };

    expiry?: {
      /** The longest time to live a store may get, at creation or by extending; default 720 (30 days). */
      maxTtlHours?: number;
      /** The owner gets a Backstage notification this long before the store expires; default 24. */
      notifyBeforeHours?: number;
      /** How often one replica deletes expired stores and sends the notifications; default 60. */
      intervalSeconds?: number;
    };

    failed?: {
      /**
       * A store still failed after this many hours is scaled to zero like a suspended one
       * (volumes kept; Retry provisions it again), stops counting against `quotas.maxStores`,
       * and its owner is notified once; default 24, 0 = never.
       */
      cleanupAfterHours?: number;
      /** How often one replica looks for such stores, in seconds; default 600. */
      intervalSeconds?: number;
    };

    drift?: {
      /**
       * How often one replica checks every Ready store for changes made by hand (three list
       * calls to the API server per pass, whatever the number of stores); default 60.
       * 0 turns the check off.
       */
      intervalSeconds?: number;
    };

    /**
     * The warm pool: stores provisioned ahead of any request, each a full store in its own
     * namespace, Ready by the same rules (the order probe passed). A create for an engine with
     * a Ready slot and no options takes the slot and gets it renamed, re-hosted and its admin
     * password rotated, instead of waiting for a provision. Slots are never in the catalog and
     * count against no person, but against `quotas.maxStores` and the cluster's capacity: each
     * costs what one store of its engine requests.
     */
    pool?: {
      /** A slot older than this many hours is replaced by a fresh one; default 24. */
      maxAgeHours?: number;
      /** How often one replica refills the pool, in seconds; default 30 (and after each claim). */
      intervalSeconds?: number;
    } & {
      /** `stores.pool.<engine>.size`: slots kept Ready for the engine; default 0 = no pool. */
      [engine: string]: { size: number } | number | undefined;
    };
  };
}
