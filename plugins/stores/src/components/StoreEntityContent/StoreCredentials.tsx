import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  StoreCredentials as Credentials,
  storeCredentialsReadPermission,
} from '@storefleet/plugin-stores-common';
import { useState } from 'react';
import { storesApiRef } from '../../api/storesApiRef';

/** The admin login, fetched only when a permitted person asks for it. */
export function StoreCredentials(props: { storeId: string }) {
  const storesApi = useApi(storesApiRef);
  const { allowed } = usePermission({
    permission: storeCredentialsReadPermission,
    resourceRef: props.storeId,
  });
  const [credentials, setCredentials] = useState<Credentials>();
  const [error, setError] = useState<string>();
  if (!allowed) return null;
  if (credentials) {
    return (
      <Typography variant="body2">
        Admin login: <code>{credentials.username}</code> /{' '}
        <code>{credentials.password}</code>
      </Typography>
    );
  }
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        onClick={() =>
          storesApi
            .getCredentials(props.storeId)
            .then(setCredentials, e => setError(e.message))
        }
      >
        Show admin login
      </Button>
      {error && (
        <Typography color="error" variant="body2">
          {error}
        </Typography>
      )}
    </>
  );
}
