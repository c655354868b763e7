import { runBlockContract } from '../../test/contract/block-contract';
import { serviceBlock } from './block';

runBlockContract(serviceBlock, new URL('./fixtures/', import.meta.url));
